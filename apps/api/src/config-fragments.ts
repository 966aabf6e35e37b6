import { accountsConfig } from '@vipcloud/accounts';
import { billingConfig } from '@vipcloud/billing';
import { gatewayConfig } from '@vipcloud/gateway';
import { legalConfig } from '@vipcloud/legal';
import { notificationsConfig } from '@vipcloud/notifications';
import type { ConfigFragment } from '@vipcloud/platform';
import { debugCapturesConfig } from '@vipcloud/privacy';
import { rateLimitsConfig } from '@vipcloud/rate-limits';
import { siteConfig } from '@vipcloud/site-hosting';

/** Every feature's settings, validated together with the platform's when a process starts. */
export const CONFIG_FRAGMENTS: readonly ConfigFragment<unknown>[] = [
  accountsConfig,
  billingConfig,
  gatewayConfig,
  legalConfig,
  notificationsConfig,
  siteConfig,
  debugCapturesConfig,
  rateLimitsConfig,
];
