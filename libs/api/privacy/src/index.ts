export { PrivacyModule, PRIVACY_ENTITIES } from './lib/privacy.module';
export { PersonalDataSource, PERSONAL_DATA_CATEGORIES } from './lib/ports/personal-data-source.port';
export type {
  PersonalDataCategory,
  PersonalDataFile,
  PersonalDataRow,
  PersonalDataSummary,
} from './lib/ports/personal-data-source.port';
export { RetentionTask } from './lib/ports/retention-task.port';
export { PrivacyMailer } from './lib/ports/privacy-mailer.port';
export { PersonalDataRegistry } from './lib/personal-data/personal-data.registry';
export { ErasureDeferredError } from './lib/personal-data/erasure-deferred.error';
export { PrivacyPolicyVersion } from './lib/ports/privacy-policy-version.port';
export { AccountLookup } from './lib/ports/account-lookup.port';
export { ConsentsService } from './lib/consents/consents.service';
export type { ConsentState } from './lib/consents/consents.service';
export { CONSENT_KINDS } from './lib/consents/consent.entity';
export type { ConsentKind } from './lib/consents/consent.entity';
export { RightsRequestsService, RIGHTS_REQUEST_DUE_MS } from './lib/rights/rights-requests.service';
export type { RightsRequestCase } from './lib/rights/rights-requests.service';
export { RIGHTS_REQUEST_TYPES, RIGHTS_REQUEST_STATUSES } from './lib/rights/rights-request.entity';
export type { RightsRequestType, RightsRequestStatus } from './lib/rights/rights-request.entity';
export { retentionJobName } from './lib/retention/retention-job-name';
export { RetentionScheduler } from './lib/retention/retention-scheduler.service';
export { AccountRows } from './lib/personal-data/account-rows.repository';
export type { AccountRowsScope } from './lib/personal-data/account-rows.repository';
export { isoTime } from './lib/personal-data/personal-data-values';
export { TablePersonalDataSource } from './lib/personal-data/table-personal-data.source';
export type { PersonalDataFileSpec } from './lib/personal-data/table-personal-data.source';
export { DebugCapturesService, MAX_LISTED_CAPTURES } from './lib/debug/debug-captures.service';
export type { DebugCaptureInput, OpenedDebugCapture } from './lib/debug/debug-captures.service';
export { DebugCapturesRetention } from './lib/debug/debug-captures.retention';
export { debugCapturesConfig } from './lib/debug/debug-captures.config';
export { DataExportsService, DATA_EXPORT_JOB, EXPORT_DOWNLOAD_DAYS } from './lib/export/data-exports.service';
export { DataExportBuilder } from './lib/export/data-export.builder';
export { DataExportRetentionTask } from './lib/export/data-export-retention.task';
