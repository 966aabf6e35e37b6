import { Inject } from '@nestjs/common';
import { ConfigError, configValues, defineConfig } from '@vipcloud/platform';

export type OAuthProviderId = 'github' | 'google';

export interface OAuthSettings {
  readonly provider: OAuthProviderId;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly callbackUrl: string;
  /** Overrides of the provider's endpoints (tests point them at a local server). */
  readonly authorizationUrl?: string;
  readonly tokenUrl?: string;
  readonly userProfileUrl?: string;
  readonly userEmailUrl?: string;
}

const { positiveInt } = configValues;

/** Accounts' settings: API keys, portal sessions and sign-in providers (the Terms version comes from the legal manifest). */
export const accountsConfig = defineConfig(
  'accounts',
  {
    API_KEY_CACHE_TTL_MS: positiveInt(5_000),
    /**
     * Lookups of unknown keys (guessed, revoked, expired) one client network (its /24 or /48) may cause per
     * minute on one instance; beyond it such requests are refused before any database read.
     */
    API_KEY_MISSES_PER_MINUTE: positiveInt(60),
    /** Most API keys an account may hold at once (revoked and expired keys do not count). */
    API_KEYS_PER_ACCOUNT: positiveInt(50),
    /** A portal session with no activity for this long ends. Default 7 days. */
    SESSION_IDLE_TIMEOUT_MS: positiveInt(7 * 24 * 3600 * 1000),
    /** A portal session ends this long after sign-in, however active. Default 30 days. */
    SESSION_ABSOLUTE_TIMEOUT_MS: positiveInt(30 * 24 * 3600 * 1000),
  },
  (vars, { env, publicUrl }) => ({
    apiKeyCacheTtlMs: vars.API_KEY_CACHE_TTL_MS,
    apiKeyMissesPerMinute: vars.API_KEY_MISSES_PER_MINUTE,
    apiKeysPerAccount: vars.API_KEYS_PER_ACCOUNT,
    sessionIdleTimeoutMs: vars.SESSION_IDLE_TIMEOUT_MS,
    sessionAbsoluteTimeoutMs: vars.SESSION_ABSOLUTE_TIMEOUT_MS,
    oauthProviders: readOAuth(env, publicUrl) as readonly OAuthSettings[],
  }),
);

export type AccountsConfig = ReturnType<typeof accountsConfig.read>;

/** Injects the accounts lib's settings. */
export const InjectAccountsConfig = (): ParameterDecorator => Inject(accountsConfig.token);

/** A sign-in provider is offered only when its client id is set; then its secret is required. */
function readOAuth(env: Readonly<Record<string, string>>, publicUrl: string): OAuthSettings[] {
  const out: OAuthSettings[] = [];
  for (const provider of ['github', 'google'] as const) {
    const prefix = provider.toUpperCase();
    const clientId = env[`${prefix}_CLIENT_ID`]?.trim();
    if (!clientId) continue;
    const clientSecret = env[`${prefix}_CLIENT_SECRET`]?.trim();
    if (!clientSecret) throw new ConfigError(`${prefix}_CLIENT_SECRET is required when ${prefix}_CLIENT_ID is set`);
    const url = (name: string): string | undefined => {
      const v = env[`${prefix}_${name}`]?.trim();
      if (v && !/^https?:\/\//.test(v)) throw new ConfigError(`${prefix}_${name} must be an http(s) URL`);
      return v || undefined;
    };
    out.push({
      provider,
      clientId,
      clientSecret,
      callbackUrl: url('CALLBACK_URL') ?? `${publicUrl}/auth/${provider}/callback`,
      authorizationUrl: url('AUTHORIZATION_URL'),
      tokenUrl: url('TOKEN_URL'),
      userProfileUrl: url('USER_PROFILE_URL'),
      userEmailUrl: provider === 'github' ? url('USER_EMAIL_URL') : undefined,
    });
  }
  return out;
}
