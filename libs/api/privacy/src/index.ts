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
export { AccountRows } from './lib/personal-data/account-rows.repository';
export type { AccountRowsScope } from './lib/personal-data/account-rows.repository';
export { isoTime } from './lib/personal-data/personal-data-values';
export { TablePersonalDataSource } from './lib/personal-data/table-personal-data.source';
export type { PersonalDataFileSpec } from './lib/personal-data/table-personal-data.source';
