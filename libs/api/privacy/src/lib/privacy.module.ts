import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EXPORT_ENTITIES, ExportModule } from './export/export.module';
import { PersonalDataRegistry } from './personal-data/personal-data.registry';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for an entity class
export const PRIVACY_ENTITIES: Function[] = [...EXPORT_ENTITIES];

/**
 * Privacy: rights requests, consents, export, erasure, retention and debug captures. It sits below
 * the feature libs, which contribute their data through its ports (PersonalDataSource,
 * RetentionTask); it imports none of them.
 */
@Global()
@Module({
  imports: [DiscoveryModule, ExportModule],
  providers: [PersonalDataRegistry],
  exports: [PersonalDataRegistry],
})
export class PrivacyModule {}
