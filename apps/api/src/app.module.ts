import { DynamicModule, Module } from '@nestjs/common';
import { AbuseModule } from '@vipcloud/abuse';
import { AccountsModule } from '@vipcloud/accounts';
import { BillingModule } from '@vipcloud/billing';
import { GatewayModule } from '@vipcloud/gateway';
import { NotificationsModule } from '@vipcloud/notifications';
import { AppConfig, DatabaseModule, GraphqlModule, PlatformModule, QueueRole } from '@vipcloud/platform';
import { SCHEMA } from './schema';

/** The composition root: platform services plus every feature module, nothing else. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, role: QueueRole = 'api'): DynamicModule {
    const features = role === 'api' ? [GraphqlModule.forRoot(), AccountsModule, AbuseModule, BillingModule, NotificationsModule, GatewayModule] : [AccountsModule, AbuseModule, BillingModule, NotificationsModule];
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot({ config, role }), DatabaseModule.forRoot(SCHEMA), ...features],
    };
  }
}
