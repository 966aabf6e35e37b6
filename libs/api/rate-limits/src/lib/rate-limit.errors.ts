import { AppError, type AppErrorInit } from '@vipcloud/platform';
import type { LimitName, Refusal } from './limiter/rate-limit.types';

const WHAT: Record<LimitName, string> = {
  requests: 'requests per minute (RPM)',
  tokens: 'tokens per minute (TPM)',
  streams: 'concurrent streams',
};

/**
 * 429 in OpenAI's shape: the type says a rate limit, the code names the limit, `Retry-After` says when a
 * retry can pass (the official SDKs wait for it). Never confused with the 402 of credits.
 */
export class RateLimitExceededError extends AppError {
  constructor(refusal: Refusal, headers: Record<string, string>) {
    super(initOf(refusal, headers));
  }
}

function initOf(refusal: Refusal, headers: Record<string, string>): AppErrorInit {
  const holder = refusal.scope === 'key' ? 'this API key' : 'this account';
  const ms = refusal.retryAfterMs;
  const wait =
    ms === null
      ? 'This request alone needs more tokens than that: lower max_tokens or the prompt, or ask support for a higher limit.'
      : `Please try again in ${formatDuration(ms)}.`;
  const message = `Rate limit reached for ${WHAT[refusal.limit]} on ${holder}: limit ${refusal.value}. ${wait}`;
  const retry = ms === null ? null : String(Math.max(1, Math.ceil(ms / 1000)));
  // One literal per code: the error catalog's test reads each code, status and Retry-After from here.
  switch (refusal.limit) {
    case 'requests':
      return {
        status: 429,
        type: 'rate_limit_exceeded',
        code: 'requests_per_minute',
        message,
        headers: retry === null ? headers : { ...headers, 'retry-after': retry },
      };
    case 'tokens':
      return {
        status: 429,
        type: 'rate_limit_exceeded',
        code: 'tokens_per_minute',
        message,
        headers: retry === null ? headers : { ...headers, 'retry-after': retry },
      };
    case 'streams':
      return {
        status: 429,
        type: 'rate_limit_exceeded',
        code: 'concurrent_streams',
        message,
        headers: retry === null ? headers : { ...headers, 'retry-after': retry },
      };
  }
}

/** A duration as OpenAI writes its reset headers: `20ms`, `1.5s`, `6m0s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const totalSeconds = ms / 1000;
  if (totalSeconds < 60) return `${trim(totalSeconds)}s`;
  const minutes = Math.floor(totalSeconds / 60);
  return `${minutes}m${trim(totalSeconds - minutes * 60)}s`;
}

function trim(seconds: number): string {
  return String(Math.round(seconds * 1000) / 1000);
}
