export { AbuseModule, ABUSE_ENTITIES } from './lib/abuse.module';
export { AbuseSignalsService, ABUSE_SIGNALS_QUEUE } from './lib/abuse-signals.service';
export type { RefusalEvent, RateLimitTrigger, KeySharingHint } from './lib/abuse-signals.service';
export type { AbuseSignalEntity, RefusalStage } from './lib/entities/abuse-signal.entity';
export { AbuseCasesService } from './lib/cases/abuse-cases.service';
export type { AbuseReportInput, AbuseCaseFile } from './lib/cases/abuse-cases.service';
export { AbuseCasesRetention } from './lib/cases/abuse-cases.retention';
