import { formatDuration, RateLimitExceededError } from './rate-limit.errors';
import { rateLimitHeaders } from './rate-limits.service';

describe('rate limit answers', () => {
  it('writes durations as OpenAI’s reset headers do', () => {
    expect(formatDuration(0)).toBe('0ms');
    expect(formatDuration(20.2)).toBe('21ms');
    expect(formatDuration(1_500)).toBe('1.5s');
    expect(formatDuration(360_000)).toBe('6m0s');
    expect(formatDuration(61_250)).toBe('1m1.25s');
  });

  it('sends the x-ratelimit trio of each limited kind, none of a kind without a limit', () => {
    expect(rateLimitHeaders({ requests: { limit: 60, remaining: 59, resetMs: 1_000 }, tokens: null })).toEqual({
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '59',
      'x-ratelimit-reset-requests': '1s',
    });
  });

  it('is a 429 of type rate_limit_exceeded whose code names the limit, with Retry-After in whole seconds', () => {
    const err = new RateLimitExceededError(
      { limit: 'requests', scope: 'key', value: 20, retryAfterMs: 2_100 },
      { 'x-ratelimit-limit-requests': '20' },
    );
    expect(err.status).toBe(429);
    expect(err.type).toBe('rate_limit_exceeded');
    expect(err.code).toBe('requests_per_minute');
    expect(err.headers).toEqual({ 'x-ratelimit-limit-requests': '20', 'retry-after': '3' });
    expect(err.message).toBe(
      'Rate limit reached for requests per minute (RPM) on this API key: limit 20. Please try again in 2.1s.',
    );
  });

  it('sends no Retry-After when a retry cannot pass', () => {
    const err = new RateLimitExceededError({ limit: 'tokens', scope: 'account', value: 100, retryAfterMs: null }, {});
    expect(err.code).toBe('tokens_per_minute');
    expect(err.headers['retry-after']).toBeUndefined();
    expect(err.message).toContain('This request alone needs more tokens than that');
  });
});
