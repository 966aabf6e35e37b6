import { Module } from '@nestjs/common';
import { LimitsSetCommand, LimitsShowCommand } from './policy/rate-limits.command';
import { RateLimitPoliciesModule } from './rate-limits.module';

export const RATE_LIMITS_COMMANDS = [LimitsShowCommand, LimitsSetCommand];

/** The operator commands of rate limits (imported by the CLI role only). */
@Module({ imports: [RateLimitPoliciesModule], providers: RATE_LIMITS_COMMANDS })
export class RateLimitsCommandsModule {}
