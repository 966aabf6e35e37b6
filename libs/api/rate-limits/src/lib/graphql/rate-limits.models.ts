import { Field, ID, InputType, Int, ObjectType, OmitType } from '@nestjs/graphql';
import type { RateLimitOverride } from '../policy/rate-limit-policies.service';

const NO_LIMIT = '0 means no limit.';

@ObjectType('RateLimitSet', { description: `One holder's limits on /v1. ${NO_LIMIT}` })
export class RateLimitSetModel {
  @Field(() => Int)
  requestsPerMinute!: number;

  @Field(() => Int, {
    description: 'Counted at admission from the request’s prompt and max_tokens, then corrected to the real usage.',
  })
  tokensPerMinute!: number;

  @Field(() => Int)
  concurrentStreams!: number;
}

@ObjectType('RateLimitOverride', {
  description: `Support's values for one account; null keeps the default. ${NO_LIMIT}`,
})
export class RateLimitOverrideModel implements RateLimitOverride {
  @Field(() => Int, { nullable: true })
  keyRequestsPerMinute!: number | null;

  @Field(() => Int, { nullable: true })
  keyTokensPerMinute!: number | null;

  @Field(() => Int, { nullable: true })
  keyConcurrentStreams!: number | null;

  @Field(() => Int, { nullable: true })
  accountRequestsPerMinute!: number | null;

  @Field(() => Int, { nullable: true })
  accountTokensPerMinute!: number | null;

  @Field(() => Int, { nullable: true })
  accountConcurrentStreams!: number | null;
}

@ObjectType('AccountRateLimits', { description: 'The limits that apply to an account’s requests on /v1.' })
export class AccountRateLimitsModel {
  @Field(() => RateLimitSetModel, { description: 'Each of the account’s API keys.' })
  perKey!: RateLimitSetModel;

  @Field(() => RateLimitSetModel, { description: 'All of the account’s keys together.' })
  perAccount!: RateLimitSetModel;

  @Field(() => RateLimitOverrideModel, {
    nullable: true,
    description: 'Set by support instead of the defaults; null when the defaults apply.',
  })
  override!: RateLimitOverrideModel | null;
}

@InputType('SetAccountRateLimitsInput', {
  description: `Support's limits for one account; a field left null (or out) keeps the default. ${NO_LIMIT} All null: back to the defaults.`,
})
export class SetAccountRateLimitsInput extends OmitType(RateLimitOverrideModel, [] as const, InputType) {
  @Field(() => ID)
  accountId!: string;
}
