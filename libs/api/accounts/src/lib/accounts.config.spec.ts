import { AppConfig } from '@vipcloud/platform';
import { accountsConfig } from './accounts.config';

const settingsOf = (env: Record<string, string>) => new AppConfig(env, [accountsConfig]).settings(accountsConfig);

describe('accounts settings', () => {
  it('uses the documented defaults and reads numbers from strings', () => {
    expect(settingsOf({})).toMatchObject({
      apiKeyCacheTtlMs: 5_000,
      apiKeysPerAccount: 50,
    });
    expect(settingsOf({ API_KEY_CACHE_TTL_MS: '250' }).apiKeyCacheTtlMs).toBe(250);
    expect(() => settingsOf({ API_KEYS_PER_ACCOUNT: '0' })).toThrow(/API_KEYS_PER_ACCOUNT/);
  });
});

describe('accounts settings: sign-in providers', () => {
  it('offers no provider without a client id', () => {
    expect(settingsOf({}).oauthProviders).toEqual([]);
  });

  it('requires the secret once a client id is set, and validates URLs', () => {
    expect(() => settingsOf({ GITHUB_CLIENT_ID: 'id' })).toThrow(/GITHUB_CLIENT_SECRET is required/);
    expect(() =>
      settingsOf({ GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 's', GOOGLE_TOKEN_URL: 'ftp://x' }),
    ).toThrow(/GOOGLE_TOKEN_URL must be an http/);
  });

  it('derives the callback URL from PUBLIC_URL', () => {
    const [github] = settingsOf({
      PUBLIC_URL: 'http://localhost:4000/',
      GITHUB_CLIENT_ID: 'id',
      GITHUB_CLIENT_SECRET: 's',
    }).oauthProviders;
    expect(github).toMatchObject({
      provider: 'github',
      clientId: 'id',
      callbackUrl: 'http://localhost:4000/auth/github/callback',
    });
  });
});
