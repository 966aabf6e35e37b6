export { RateLimitsModule, RateLimitsDataModule, RATE_LIMITS_ENTITIES } from './lib/rate-limits.module';
export { RateLimitsCommandsModule, RATE_LIMITS_COMMANDS } from './lib/rate-limits-commands.module';
export { rateLimitsConfig } from './lib/rate-limits.config';
export type { RateLimitsConfig } from './lib/rate-limits.config';
export { RateLimitsService, RateLimitTicket, rateLimitHeaders } from './lib/rate-limits.service';
export type { AdmissionInput } from './lib/rate-limits.service';
export { RateLimitExceededError } from './lib/rate-limit.errors';
export { RateLimitPoliciesService } from './lib/policy/rate-limit-policies.service';
export type { RateLimitOverride, AccountLimits } from './lib/policy/rate-limit-policies.service';
