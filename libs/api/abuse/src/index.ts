export { AbuseModule, ABUSE_ENTITIES } from './lib/abuse.module';
export { AbuseSignalsService, ABUSE_SIGNALS_QUEUE } from './lib/abuse-signals.service';
export type { RefusalEvent, RateLimitTrigger, KeySharingHint } from './lib/abuse-signals.service';
export type { AbuseSignalEntity, RefusalStage } from './lib/entities/abuse-signal.entity';
