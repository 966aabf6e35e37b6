import { ABUSE_ENTITIES } from '@vipcloud/abuse';
import { BILLING_ENTITIES } from '@vipcloud/billing';
import { ACCOUNTS_ENTITIES } from '@vipcloud/accounts';
import { GATEWAY_ENTITIES } from '@vipcloud/gateway';
import { LEGAL_ENTITIES } from '@vipcloud/legal';
import { PRIVACY_ENTITIES } from '@vipcloud/privacy';
import { RATE_LIMITS_ENTITIES } from '@vipcloud/rate-limits';
import type { SchemaSources } from '@vipcloud/platform';
import { InitialSchema1764190000000 } from './migrations/1764190000000-initial-schema';
import { ApiKeyExpiryAndModels1795729355049 } from './migrations/1795729355049-api-key-expiry-and-models';
import { PortalSessions1795729994798 } from './migrations/1795729994798-portal-sessions';
import { SignInIdentities1795730663650 } from './migrations/1795730663650-sign-in-identities';
import { CreditLedger1795732232403 } from './migrations/1795732232403-credit-ledger';
import { CreditHolds1795732463328 } from './migrations/1795732463328-credit-holds';
import { ModelPrices1795740000000 } from './migrations/1795740000000-model-prices';
import { BillingPayments1795745000000 } from './migrations/1795745000000-billing-payments';
import { PaymentCursors1795861965847 } from './migrations/1795861965847-payment-cursors';
import { SessionRetention1795868139000 } from './migrations/1795868139000-session-retention';
import { LegalAnnouncements1795900000000 } from './migrations/1795900000000-legal-announcements';
import { LegalAnnouncementDelivery1795910000000 } from './migrations/1795910000000-legal-announcement-delivery';
import { CreditSettlements1795920000000 } from './migrations/1795920000000-credit-settlements';
import { UsageAggregates1795936800000 } from './migrations/1795936800000-usage-aggregates';
import { PrivacyRights1795950000000 } from './migrations/1795950000000-privacy-rights';
import { PrivacyDataExports1795951000000 } from './migrations/1795951000000-privacy-data-exports';
import { AccountClosure1795952000000 } from './migrations/1795952000000-account-closure';
import { DebugCaptures1795953000000 } from './migrations/1795953000000-debug-captures';
import { AccountRateLimits1795960000000 } from './migrations/1795960000000-account-rate-limits';
import { AbuseSignalKinds1795961000000 } from './migrations/1795961000000-abuse-signal-kinds';
import { AbuseCases1795962000000 } from './migrations/1795962000000-abuse-cases';

/** Every entity and migration of the product, in one place for the app, the worker and the CLI. */
export const SCHEMA: SchemaSources = {
  entities: [
    ...ACCOUNTS_ENTITIES,
    ...ABUSE_ENTITIES,
    ...GATEWAY_ENTITIES,
    ...BILLING_ENTITIES,
    ...LEGAL_ENTITIES,
    ...PRIVACY_ENTITIES,
    ...RATE_LIMITS_ENTITIES,
  ],
  migrations: [
    InitialSchema1764190000000,
    ApiKeyExpiryAndModels1795729355049,
    PortalSessions1795729994798,
    SignInIdentities1795730663650,
    CreditLedger1795732232403,
    CreditHolds1795732463328,
    ModelPrices1795740000000,
    BillingPayments1795745000000,
    PaymentCursors1795861965847,
    SessionRetention1795868139000,
    LegalAnnouncements1795900000000,
    LegalAnnouncementDelivery1795910000000,
    CreditSettlements1795920000000,
    UsageAggregates1795936800000,
    PrivacyRights1795950000000,
    PrivacyDataExports1795951000000,
    AccountClosure1795952000000,
    DebugCaptures1795953000000,
    AccountRateLimits1795960000000,
    AbuseSignalKinds1795961000000,
    AbuseCases1795962000000,
  ],
  dataMigrations: [UsageAggregates1795936800000],
};
