import { Module } from '@nestjs/common';
import { GatewayJobsModule } from './jobs/gateway-jobs.module';
import { PricesListCommand, PricesSetCommand } from './prices/model-prices.command';
import { PricesModule } from './prices/prices.module';
import { RequestsPurgeExpiredCommand } from './retention/request-log-retention.command';

export const GATEWAY_COMMANDS = [PricesListCommand, PricesSetCommand, RequestsPurgeExpiredCommand];

/** The operator commands of model prices and request metadata (imported by the CLI role only). */
@Module({ imports: [PricesModule, GatewayJobsModule], providers: GATEWAY_COMMANDS })
export class GatewayCommandsModule {}
