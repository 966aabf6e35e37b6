import { Module } from '@nestjs/common';
import { PricesListCommand, PricesSetCommand } from './prices/model-prices.command';
import { PricesModule } from './prices/prices.module';

export const GATEWAY_COMMANDS = [PricesListCommand, PricesSetCommand];

/** The operator commands of model prices (imported by the CLI role only). */
@Module({ imports: [PricesModule], providers: GATEWAY_COMMANDS })
export class GatewayCommandsModule {}
