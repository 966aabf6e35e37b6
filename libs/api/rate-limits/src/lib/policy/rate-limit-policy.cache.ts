import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectRateLimitsConfig, RateLimitsConfig } from '../rate-limits.config';
import { AccountLimits, RateLimitPoliciesService } from './rate-limit-policies.service';

/**
 * The limits admission applies, from memory (no database read per request): every override is loaded at
 * start and again every RATE_LIMIT_POLICY_REFRESH_MS, and at once on the instance that changes one. API
 * instances only: the CLI and the worker admit nothing.
 */
@Injectable()
export class RateLimitPolicyCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimitPolicies');
  private overrides = new Map<string, AccountLimits>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly policies: RateLimitPoliciesService,
    @InjectRateLimitsConfig() private readonly config: RateLimitsConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => {
      this.reload().catch((err: unknown) =>
        // The last known overrides stay in force until the database answers again.
        this.logger.warn(`could not reload rate limit overrides: ${err instanceof Error ? err.name : 'error'}`),
      );
    }, this.config.policyRefreshMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The hot path: a map lookup. */
  limitsFor(accountId: string): AccountLimits {
    return this.overrides.get(accountId) ?? this.config.defaults;
  }

  async reload(): Promise<void> {
    this.overrides = await this.policies.all();
  }
}
