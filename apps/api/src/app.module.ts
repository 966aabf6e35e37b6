import { DynamicModule, Module } from '@nestjs/common';
import { AbuseModule } from '@vipcloud/abuse';
import { AccountsCommandsModule, AccountsModule } from '@vipcloud/accounts';
import { billingConfig, BillingCommandsModule, BillingModule } from '@vipcloud/billing';
import { GatewayCommandsModule, GatewayJobsModule, GatewayModule } from '@vipcloud/gateway';
import { LegalCommandsModule, LegalModule, LegalPorts } from '@vipcloud/legal';
import { NotificationsModule } from '@vipcloud/notifications';
import { PrivacyModule } from '@vipcloud/privacy';
import { RateLimitsCommandsModule, RateLimitsDataModule, RateLimitsModule } from '@vipcloud/rate-limits';
import { AppConfig, CliOutput, DatabaseModule, GraphqlModule, PlatformModule, QueueRole } from '@vipcloud/platform';
import { SiteModule } from '@vipcloud/site-hosting';
import { SCHEMA } from './schema';

export interface AppOptions {
  /** The CLI role's output (tests capture it); standard output when not given. */
  cliOutput?: CliOutput;
}

/**
 * The composition root: platform services plus every feature module, nothing else. Each lib owns
 * its scheduled jobs (registered in its own module, started by the platform's scheduler in the
 * `api` and `worker` roles) and its operator commands (a `*CommandsModule`, composed here only in
 * the `cli` role, which has no HTTP, GraphQL, timers or queue consumers).
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, role: QueueRole = 'api', options: AppOptions = {}): DynamicModule {
    // Legal's announcement ports, implemented by the libs that own accounts and email.
    const legalPorts: LegalPorts = { imports: [AccountsModule, NotificationsModule] };
    // Functions, so only the role's own modules are built (and read the settings they need).
    const features: Record<QueueRole, () => DynamicModule['imports']> = {
      api: () => [
        GraphqlModule.forRoot(),
        PrivacyModule,
        AccountsModule,
        AbuseModule,
        BillingModule,
        NotificationsModule,
        RateLimitsModule,
        GatewayModule,
        // The site lib learns the checkout script's URL from billing's settings here, so the two libs
        // stay apart and PADDLE_JS_URL is read (and validated) by billing alone.
        SiteModule.forRoot({ checkoutScriptUrl: config.settings(billingConfig).checkout?.scriptUrl ?? null }),
        LegalModule.forRoot(legalPorts),
      ],
      worker: () => [
        PrivacyModule,
        AccountsModule,
        AbuseModule,
        BillingModule,
        NotificationsModule,
        RateLimitsDataModule,
        // The gateway's jobs only: the worker serves no requests.
        GatewayJobsModule,
        LegalModule.forRoot(legalPorts),
      ],
      cli: () => [
        AccountsCommandsModule,
        BillingCommandsModule,
        GatewayCommandsModule,
        RateLimitsCommandsModule,
        LegalCommandsModule.forRoot(legalPorts),
      ],
    };
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ config, role, cliOutput: options.cliOutput }),
        DatabaseModule.forRoot(SCHEMA),
        ...(features[role]?.() ?? []),
      ],
    };
  }
}
