import { Module } from '@nestjs/common';
import { AbuseModule } from '@vipcloud/abuse';
import { provideConfig } from '@vipcloud/platform';
import { KeySharingDetector } from '../abuse/key-sharing.detector';
import { KeySharingRepository } from '../abuse/key-sharing.repository';
import { gatewayConfig } from '../gateway.config';
import { RequestMetadataRetention } from '../retention/request-log.retention';
import { GATEWAY_PERSONAL_DATA } from '../privacy/gateway.personal-data';
import { RequestLogRetentionRepository } from '../retention/request-log-retention.repository';
import { RequestLogRetentionService } from '../retention/request-log-retention.service';

/**
 * The gateway's jobs and what they need, apart from the request path: the worker process runs
 * them without the gateway's controllers, upstream clients and caches. Request metadata's retention
 * rule is a RetentionTask, which privacy's retention scheduler finds and runs; the key-sharing hint reads
 * the same metadata on a schedule.
 */
@Module({
  imports: [AbuseModule],
  providers: [
    provideConfig(gatewayConfig),
    KeySharingRepository,
    KeySharingDetector,
    RequestLogRetentionRepository,
    RequestLogRetentionService,
    RequestMetadataRetention,
    ...GATEWAY_PERSONAL_DATA,
  ],
  exports: [RequestLogRetentionService, KeySharingDetector],
})
export class GatewayJobsModule {}
