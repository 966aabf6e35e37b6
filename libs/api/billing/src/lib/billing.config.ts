import { Inject } from '@nestjs/common';
import { z } from 'zod';
import { configValues, defineConfig } from '@vipcloud/platform';

export interface PaddleSettings {
  readonly apiKey: string | null;
  readonly environment: 'sandbox' | 'production';
  /** Overrides the API host (tests point it at a local server). */
  readonly apiUrl: string | null;
  /** Every secret a notification may be signed with (several during rotation). */
  readonly webhookSecrets: readonly string[];
  readonly webhookToleranceSeconds: number;
}

/**
 * What the portal's checkout page needs to open Paddle's overlay checkout (Paddle.js v2): all of it
 * is public by design (a client-side token is made to be published, unlike the API key).
 */
export interface CheckoutSettings {
  readonly processor: 'paddle';
  /** Paddle.js, the one script from another origin the checkout page loads. */
  readonly scriptUrl: string;
  readonly clientToken: string;
  readonly environment: 'sandbox' | 'production';
}

/** Paddle's own address for Paddle.js v2: Paddle asks that it be loaded from there, not self-hosted. */
export const DEFAULT_PADDLE_JS_URL = 'https://cdn.paddle.com/paddle/v2/paddle.js';

const { optionalString, optionalUrl, positiveInt } = configValues;

/** Billing's settings: credit holds, reconciliation and the payment processor. */
export const billingConfig = defineConfig(
  'billing',
  {
    /**
     * Leases are renewed every TTL/4 (at most every 30 s) and count as their dead instance's after four
     * missed renewals; a hold of a single request (an earlier version's) after the TTL. The sweep job
     * charges the settlement outbox, then releases them. Default 1 hour; the same on every instance.
     */
    HOLD_TTL_MS: positiveInt(60 * 60_000),
    /** How often the hold sweeper and the ledger reconciliation run. */
    HOLD_SWEEP_EVERY_MS: positiveInt(5 * 60_000),
    RECONCILE_EVERY_MS: positiveInt(60 * 60_000),
    /** Settlements are committed in batches: at most this long after a request ends, or when this many wait. */
    SETTLE_BATCH_MS: positiveInt(20),
    SETTLE_BATCH_SIZE: positiveInt(500),
    /** A credit lease unused this long gives its free part back to the account. */
    LEASE_IDLE_MS: positiveInt(10_000),
    /** How often leased accounts' balances are read back (purchases, refunds made by other processes). */
    LEASE_REFRESH_MS: positiveInt(1_000),
    /** Paddle (merchant of record). Checkout is offered only when PADDLE_API_KEY is set. */
    PADDLE_API_KEY: optionalString,
    PADDLE_ENVIRONMENT: z.enum(['sandbox', 'production']).default('sandbox'),
    /** Overrides the Paddle API host (tests point it at a local server). */
    PADDLE_API_URL: optionalUrl(/^https?:\/\//, 'PADDLE_API_URL must be an http(s) URL'),
    /** The client-side token Paddle.js authenticates with (public); checkout is offered only with it and the API key. */
    PADDLE_CLIENT_TOKEN: optionalString,
    /** Where the checkout page loads Paddle.js from (tests serve a stand-in on loopback). */
    PADDLE_JS_URL: optionalString.pipe(
      z
        .string()
        .url('PADDLE_JS_URL must be an http(s) URL')
        .regex(/^https?:\/\//i, 'PADDLE_JS_URL must be an http(s) URL')
        .optional(),
    ),
    /** Notification destination secrets, comma-separated; several are accepted while one is rotated. */
    PADDLE_WEBHOOK_SECRETS: optionalString,
    /** How old a signed webhook may be before it is refused as a replay. */
    PADDLE_WEBHOOK_TOLERANCE_S: positiveInt(300),
    /** How often Paddle's event log is read for notifications that never reached us. */
    PADDLE_BACKFILL_EVERY_MS: positiveInt(10 * 60_000),
    /** How far back the first read of the event log (no cursor yet) applies what it finds. Default 7 days. */
    PADDLE_BACKFILL_WINDOW_MS: positiveInt(7 * 24 * 3600_000),
  },
  (vars) => {
    const secrets = (vars.PADDLE_WEBHOOK_SECRETS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const paddle: PaddleSettings | null =
      !vars.PADDLE_API_KEY && secrets.length === 0
        ? null
        : {
            apiKey: vars.PADDLE_API_KEY ?? null,
            environment: vars.PADDLE_ENVIRONMENT,
            apiUrl: vars.PADDLE_API_URL ?? null,
            webhookSecrets: secrets,
            webhookToleranceSeconds: vars.PADDLE_WEBHOOK_TOLERANCE_S,
          };
    // Both halves or nothing: with the API key alone transactions could be created that no page can
    // open; with the token alone Paddle.js would open checkouts for transactions we never created.
    const checkout: CheckoutSettings | null =
      vars.PADDLE_API_KEY && vars.PADDLE_CLIENT_TOKEN
        ? {
            processor: 'paddle',
            scriptUrl: vars.PADDLE_JS_URL ?? DEFAULT_PADDLE_JS_URL,
            clientToken: vars.PADDLE_CLIENT_TOKEN,
            environment: vars.PADDLE_ENVIRONMENT,
          }
        : null;
    return {
      holdTtlMs: vars.HOLD_TTL_MS,
      holdSweepEveryMs: vars.HOLD_SWEEP_EVERY_MS,
      reconcileEveryMs: vars.RECONCILE_EVERY_MS,
      settleBatchMs: vars.SETTLE_BATCH_MS,
      settleBatchSize: vars.SETTLE_BATCH_SIZE,
      leaseIdleMs: vars.LEASE_IDLE_MS,
      leaseRefreshMs: vars.LEASE_REFRESH_MS,
      backfillEveryMs: vars.PADDLE_BACKFILL_EVERY_MS,
      backfillWindowMs: vars.PADDLE_BACKFILL_WINDOW_MS,
      /** Paddle settings, or null when checkout is not configured. */
      paddle,
      /** How the portal opens the checkout, or null when it cannot (see checkoutSettings). */
      checkout,
    };
  },
);

export type BillingConfig = ReturnType<typeof billingConfig.read>;

/** Injects billing's settings. */
export const InjectBillingConfig = (): ParameterDecorator => Inject(billingConfig.token);
