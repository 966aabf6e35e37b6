import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DEBUG_CAPTURES_ENTITIES, DebugCapturesModule } from './debug/debug-captures.module';
import { PersonalDataRegistry } from './personal-data/personal-data.registry';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for an entity class
export const PRIVACY_ENTITIES: Function[] = [...DEBUG_CAPTURES_ENTITIES];

/**
 * Privacy: rights requests, consents, export, erasure, retention and debug captures. It sits below
 * the feature libs, which contribute their data through its ports (PersonalDataSource,
 * RetentionTask); it imports none of them.
 */
@Global()
@Module({
  imports: [DiscoveryModule, DebugCapturesModule],
  providers: [PersonalDataRegistry],
  exports: [PersonalDataRegistry, DebugCapturesModule],
})
export class PrivacyModule {}
