import { Module } from '@nestjs/common';
import { AbuseModule } from '@vipcloud/abuse';
import { AccountsModule } from '@vipcloud/accounts';
import { BillingModule } from '@vipcloud/billing';
import { RateLimitsModule } from '@vipcloud/rate-limits';
import { ModelsController } from './catalog/models.controller';
import { ModelsResolver } from './catalog/models.resolver';
import { ChatCompletionsController } from './chat/chat-completions.controller';
import { ChatCompletionsService } from './chat/chat-completions.service';
import { DebugCaptureHook } from './debug/debug-capture.hook';
import { GatewayJobsModule } from './jobs/gateway-jobs.module';
import { MeteringService } from './metering/metering.service';
import { RequestLogEntity } from './metering/request-log.entity';
import { RequestLogRepository } from './metering/request-log.repository';
import { TokenEstimator } from './metering/token-estimator';
import { ModelPriceEntity } from './prices/model-price.entity';
import { ModelPricesResolver } from './prices/model-prices.resolver';
import { PricesModule } from './prices/prices.module';
import { RouteSelector } from './routing/route-selector';
import { UpstreamClient } from './upstream/upstream-client';
import { RecentRequestsRepository } from './usage/recent-requests.repository';
import { UsageResolver } from './usage/usage.resolver';
import { UsageService } from './usage/usage.service';

export const GATEWAY_ENTITIES = [RequestLogEntity, ModelPriceEntity];

@Module({
  imports: [PricesModule, AccountsModule, AbuseModule, BillingModule, RateLimitsModule, GatewayJobsModule],
  controllers: [ChatCompletionsController, ModelsController],
  providers: [
    ModelsResolver,
    ChatCompletionsService,
    DebugCaptureHook,
    MeteringService,
    RequestLogRepository,
    TokenEstimator,
    RouteSelector,
    UpstreamClient,
    ModelPricesResolver,
    UsageService,
    RecentRequestsRepository,
    UsageResolver,
  ],
  exports: [MeteringService, RequestLogRepository, PricesModule],
})
export class GatewayModule {}
