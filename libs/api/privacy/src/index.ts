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
export { DebugCapturesService, MAX_LISTED_CAPTURES } from './lib/debug/debug-captures.service';
export type { DebugCaptureInput, OpenedDebugCapture } from './lib/debug/debug-captures.service';
export { DebugCapturesRetention } from './lib/debug/debug-captures.retention';
export { debugCapturesConfig } from './lib/debug/debug-captures.config';
