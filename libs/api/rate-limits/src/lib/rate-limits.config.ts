import { Inject } from '@nestjs/common';
import { configValues, defineConfig } from '@vipcloud/platform';

const { nonNegativeInt, positiveInt } = configValues;

/**
 * The default limits of /v1, per API key and per account (0: no limit of that kind). Support can set
 * other values for one account; see RateLimitPoliciesService. Tokens per minute are counted at admission
 * from the request's hold estimate (the prompt's bound plus the output cap) and corrected to the real
 * usage when the request is settled, as OpenAI counts them.
 */
export const rateLimitsConfig = defineConfig(
  'rate limits',
  {
    RATE_LIMIT_KEY_RPM: nonNegativeInt(3_000),
    RATE_LIMIT_KEY_TPM: nonNegativeInt(20_000_000),
    RATE_LIMIT_KEY_CONCURRENT_STREAMS: nonNegativeInt(100),
    RATE_LIMIT_ACCOUNT_RPM: nonNegativeInt(6_000),
    RATE_LIMIT_ACCOUNT_TPM: nonNegativeInt(40_000_000),
    RATE_LIMIT_ACCOUNT_CONCURRENT_STREAMS: nonNegativeInt(200),
    /**
     * A stream's slot is freed when it ends; one whose instance died is forgotten after this long
     * (longer than any stream may last).
     */
    RATE_LIMIT_STREAM_SLOT_TTL_MS: positiveInt(30 * 60_000),
    /** How long an instance serves with its last read of support's per-account limits. */
    RATE_LIMIT_POLICY_REFRESH_MS: positiveInt(5_000),
    /** Longest an admission waits for Redis before this instance applies the limits on its own (fail open). */
    RATE_LIMIT_REDIS_TIMEOUT_MS: positiveInt(250),
    /** Requests per minute per caller (the signed-in account, else the client network) on the portal's routes. */
    THROTTLE_GRAPHQL_PER_MINUTE: positiveInt(300),
    THROTTLE_SIGN_IN_PER_MINUTE: positiveInt(30),
    THROTTLE_WEBHOOKS_PER_MINUTE: positiveInt(600),
    THROTTLE_PORTAL_PER_MINUTE: positiveInt(60),
    /** Abuse reports (`reportAbuse`) per caller per hour. */
    THROTTLE_REPORTS_PER_HOUR: positiveInt(10),
  },
  (vars) => ({
    defaults: {
      key: {
        requestsPerMinute: vars.RATE_LIMIT_KEY_RPM,
        tokensPerMinute: vars.RATE_LIMIT_KEY_TPM,
        concurrentStreams: vars.RATE_LIMIT_KEY_CONCURRENT_STREAMS,
      },
      account: {
        requestsPerMinute: vars.RATE_LIMIT_ACCOUNT_RPM,
        tokensPerMinute: vars.RATE_LIMIT_ACCOUNT_TPM,
        concurrentStreams: vars.RATE_LIMIT_ACCOUNT_CONCURRENT_STREAMS,
      },
    },
    streamSlotTtlMs: vars.RATE_LIMIT_STREAM_SLOT_TTL_MS,
    policyRefreshMs: vars.RATE_LIMIT_POLICY_REFRESH_MS,
    redisTimeoutMs: vars.RATE_LIMIT_REDIS_TIMEOUT_MS,
    throttle: {
      graphql: vars.THROTTLE_GRAPHQL_PER_MINUTE,
      signIn: vars.THROTTLE_SIGN_IN_PER_MINUTE,
      webhooks: vars.THROTTLE_WEBHOOKS_PER_MINUTE,
      portal: vars.THROTTLE_PORTAL_PER_MINUTE,
      reportsPerHour: vars.THROTTLE_REPORTS_PER_HOUR,
    },
  }),
);

export type RateLimitsConfig = ReturnType<typeof rateLimitsConfig.read>;

export const InjectRateLimitsConfig = (): ParameterDecorator => Inject(rateLimitsConfig.token);
