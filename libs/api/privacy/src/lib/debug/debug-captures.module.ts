import { Module } from '@nestjs/common';
import { provideConfig } from '@vipcloud/platform';
import { ConsentsModule } from '../consents/consents.module';
import { DebugCaptureChunkEntity, DebugCaptureEntity } from './debug-capture.entity';
import { debugCapturesConfig } from './debug-captures.config';
import { DebugCapturesPersonalData } from './debug-captures.personal-data';
import { DebugCapturesRepository } from './debug-captures.repository';
import { DebugCapturesResolver } from './debug-captures.resolver';
import { DebugCapturesRetention } from './debug-captures.retention';
import { DebugCapturesService } from './debug-captures.service';

export const DEBUG_CAPTURES_ENTITIES = [DebugCaptureEntity, DebugCaptureChunkEntity];

/**
 * Debug captures: kept (sealed) for a request that asks and an account that consents, shown to their
 * owner, deleted by them, with the account (a personal data source) or after their TTL (a retention task).
 */
@Module({
  imports: [ConsentsModule],
  providers: [
    provideConfig(debugCapturesConfig),
    DebugCapturesRepository,
    DebugCapturesService,
    DebugCapturesResolver,
    DebugCapturesRetention,
    DebugCapturesPersonalData,
  ],
  exports: [DebugCapturesService],
})
export class DebugCapturesModule {}
