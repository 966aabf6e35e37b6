import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { RETENTION_ENTITIES } from './retention-audit.entity';
import { RetentionAuditRepository } from './retention-audit.repository';
import { RetentionAuditResolver } from './retention-audit.resolver';
import { RetentionScheduler } from './retention-scheduler.service';

export { RETENTION_ENTITIES };

/** The retention scheduler and its audit log (the rules themselves come from each lib: RetentionTask). */
@Module({
  imports: [DiscoveryModule],
  providers: [RetentionAuditRepository, RetentionScheduler, RetentionAuditResolver],
  exports: [RetentionScheduler],
})
export class RetentionModule {}
