import { AppConfig, ConfigError } from '@vipcloud/platform';
import { debugCapturesConfig } from './debug-captures.config';

const ttlOf = (env: Record<string, string>) =>
  new AppConfig(env, [debugCapturesConfig]).settings(debugCapturesConfig).ttlMs;

describe('debug captures settings', () => {
  it('keeps captures 7 days by default', () => {
    expect(ttlOf({})).toBe(7 * 24 * 3600_000);
  });

  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['12h', 43_200_000],
    ['30d', 30 * 24 * 3600_000],
  ])('reads DEBUG_CAPTURE_TTL=%s', (value, ms) => {
    expect(ttlOf({ DEBUG_CAPTURE_TTL: value })).toBe(ms);
  });

  it.each(['31d', '0d', '7', 'a week', '-1h'])('refuses DEBUG_CAPTURE_TTL=%s at start-up', (value) => {
    expect(() => ttlOf({ DEBUG_CAPTURE_TTL: value })).toThrow(ConfigError);
    expect(() => ttlOf({ DEBUG_CAPTURE_TTL: value })).toThrow(/DEBUG_CAPTURE_TTL/);
  });
});
