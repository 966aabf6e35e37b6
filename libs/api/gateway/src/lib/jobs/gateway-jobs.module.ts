import { Module } from '@nestjs/common';
import { GATEWAY_PERSONAL_DATA } from '../privacy/gateway.personal-data';
import { RequestLogRetentionRepository } from '../retention/request-log-retention.repository';
import { RequestLogRetentionService } from '../retention/request-log-retention.service';
import { GatewayJobsService } from './gateway-jobs.service';

/**
 * The gateway's jobs and what they need, apart from the request path: the worker process runs
 * them without the gateway's controllers, upstream clients and caches.
 */
@Module({
  providers: [RequestLogRetentionRepository, RequestLogRetentionService, GatewayJobsService, ...GATEWAY_PERSONAL_DATA],
  exports: [RequestLogRetentionService],
})
export class GatewayJobsModule {}
