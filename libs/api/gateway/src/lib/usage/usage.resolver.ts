import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, SessionUser } from '@vipcloud/accounts';
import { formatAmount } from '@vipcloud/billing';
import { Access } from '@vipcloud/platform';
import { RequestRecordModel, UsageBucketModel, UsageGroupingModel } from './usage.models';
import { UsageService } from './usage.service';

@Resolver()
export class UsageResolver {
  constructor(private readonly usage: UsageService) {}

  @Access('user')
  @Query(() => [UsageBucketModel], {
    description:
      'Your usage summed per day, model or key; the last 30 days unless a window (at most 31 days) is given.',
  })
  async usageSummary(
    @CurrentUser() user: SessionUser,
    @Args('groupBy', { type: () => UsageGroupingModel }) groupBy: UsageGroupingModel,
    @Args('from', { type: () => Date, nullable: true }) from?: Date | null,
    @Args('to', { type: () => Date, nullable: true }) to?: Date | null,
  ): Promise<UsageBucketModel[]> {
    const buckets = await this.usage.summary(user.account.id, groupBy, from, to);
    return buckets.map((b) => ({
      key: b.key,
      label: b.label,
      requests: b.requests,
      inputTokens: b.inputTokens,
      cachedTokens: b.cachedTokens,
      outputTokens: b.outputTokens,
      cost: formatAmount(b.costMicros),
    }));
  }

  @Access('user')
  @Query(() => [RequestRecordModel], {
    description:
      'Your most recent API requests, newest first (at most 50): metadata only, never prompt or completion text.',
  })
  async recentRequests(
    @CurrentUser() user: SessionUser,
    @Args('first', { type: () => Int, defaultValue: 10 }) first: number,
  ): Promise<RequestRecordModel[]> {
    const requests = await this.usage.recent(user.account.id, first);
    return requests.map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      model: r.model,
      apiKeyId: r.apiKeyId,
      apiKeyName: r.apiKeyName,
      inputTokens: r.inputTokens,
      cachedTokens: r.cachedTokens,
      outputTokens: r.outputTokens,
      cost: formatAmount(r.costMicros),
      status: r.status,
      errorCode: r.errorCode,
      latencyMs: r.latencyMs,
      stream: r.stream,
    }));
  }
}
