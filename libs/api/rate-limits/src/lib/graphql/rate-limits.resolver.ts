import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AccountsService, CurrentUser, SessionUser } from '@vipcloud/accounts';
import { Access } from '@vipcloud/platform';
import { RateLimitPoliciesService } from '../policy/rate-limit-policies.service';
import { RateLimitPolicyCache } from '../policy/rate-limit-policy.cache';
import { AccountRateLimitsModel, SetAccountRateLimitsInput } from './rate-limits.models';

/** The limits of /v1: the signed-in user's own, and support's per-account values. */
@Resolver()
export class RateLimitsResolver {
  constructor(
    private readonly policies: RateLimitPoliciesService,
    private readonly cache: RateLimitPolicyCache,
    private readonly accounts: AccountsService,
  ) {}

  @Access('user')
  @Query(() => AccountRateLimitsModel, { description: 'The limits that apply to your requests on /v1.' })
  rateLimits(@CurrentUser() user: SessionUser): Promise<AccountRateLimitsModel> {
    return this.view(user.account.id);
  }

  @Access('support')
  @Query(() => AccountRateLimitsModel, { description: "An account's limits on /v1 (support and admin)." })
  async accountRateLimits(@Args('accountId', { type: () => ID }) accountId: string): Promise<AccountRateLimitsModel> {
    return this.view((await this.accounts.resolve(accountId)).id);
  }

  @Access('support')
  @Mutation(() => AccountRateLimitsModel, {
    description:
      "Sets an account's limits on /v1 instead of the defaults (support and admin): at once on this server, " +
      'within seconds on the others.',
  })
  async setAccountRateLimits(
    @CurrentUser() user: SessionUser,
    @Args('input') input: SetAccountRateLimitsInput,
  ): Promise<AccountRateLimitsModel> {
    const { accountId, ...values } = input;
    const account = await this.accounts.resolve(accountId);
    await this.policies.set(
      account.id,
      {
        keyRequestsPerMinute: values.keyRequestsPerMinute ?? null,
        keyTokensPerMinute: values.keyTokensPerMinute ?? null,
        keyConcurrentStreams: values.keyConcurrentStreams ?? null,
        accountRequestsPerMinute: values.accountRequestsPerMinute ?? null,
        accountTokensPerMinute: values.accountTokensPerMinute ?? null,
        accountConcurrentStreams: values.accountConcurrentStreams ?? null,
      },
      `operator:${user.account.id}`,
    );
    // This instance at once; the others within their refresh.
    await this.cache.reload();
    return this.view(account.id);
  }

  private async view(accountId: string): Promise<AccountRateLimitsModel> {
    const limits = await this.policies.limitsOf(accountId);
    return { perKey: limits.key, perAccount: limits.account, override: await this.policies.overrideOf(accountId) };
  }
}
