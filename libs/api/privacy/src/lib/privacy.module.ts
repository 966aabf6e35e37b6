import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CONSENTS_ENTITIES, ConsentsModule } from './consents/consents.module';
import { DEBUG_CAPTURES_ENTITIES, DebugCapturesModule } from './debug/debug-captures.module';
import { EXPORT_ENTITIES, ExportModule } from './export/export.module';
import { OverviewModule } from './overview/overview.module';
import { PersonalDataRegistry } from './personal-data/personal-data.registry';
import { PrivacyPortsModule } from './ports/privacy-ports.module';
import { RETENTION_ENTITIES, RetentionModule } from './retention/retention.module';
import { RIGHTS_ENTITIES, RightsModule } from './rights/rights.module';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for an entity class
export const PRIVACY_ENTITIES: Function[] = [
  ...CONSENTS_ENTITIES,
  ...RIGHTS_ENTITIES,
  ...RETENTION_ENTITIES,
  ...DEBUG_CAPTURES_ENTITIES,
  ...EXPORT_ENTITIES,
];

/**
 * Privacy: rights requests, consents, export, erasure, retention and debug captures. It sits below
 * the feature libs, which contribute their data through its ports (PersonalDataSource,
 * RetentionTask); it imports none of them.
 */
@Global()
@Module({
  imports: [
    DiscoveryModule,
    PrivacyPortsModule,
    RightsModule,
    ConsentsModule,
    RetentionModule,
    OverviewModule,
    DebugCapturesModule,
    ExportModule,
  ],
  providers: [PersonalDataRegistry],
  exports: [PersonalDataRegistry, PrivacyPortsModule, RightsModule, ConsentsModule, DebugCapturesModule],
})
export class PrivacyModule {}
