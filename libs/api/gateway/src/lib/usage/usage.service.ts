import { Injectable } from '@nestjs/common';
import { ApiKeysService } from '@vipcloud/accounts';
import { Clock, InvalidRequestError } from '@vipcloud/platform';
import { RequestLogRepository, UsageGrouping, UsageSum } from '../metering/request-log.repository';
import { RecentRequestRow, RecentRequestsRepository } from './recent-requests.repository';

/** Request metadata is kept 30 days; a longer window would only look empty. */
const MAX_WINDOW_MS = 31 * 24 * 3600_000;
/** recentRequests' page: a larger `first` is clamped to this rather than refused (the list is a glance, not an export). */
export const RECENT_REQUESTS_MAX = 50;

export interface RecentRequest extends RecentRequestRow {
  /** The key's name, kept after it is revoked; null only if the key row is gone. */
  apiKeyName: string | null;
}

export interface UsageBucket extends UsageSum {
  label: string | null;
}

/** The owner's usage, summed from request metadata (kept 30 days). */
@Injectable()
export class UsageService {
  constructor(
    private readonly logs: RequestLogRepository,
    private readonly recentLogs: RecentRequestsRepository,
    private readonly keys: ApiKeysService,
    private readonly clock: Clock,
  ) {}

  async summary(
    accountId: string,
    groupBy: UsageGrouping,
    from?: Date | null,
    to?: Date | null,
  ): Promise<UsageBucket[]> {
    const end = to ?? this.clock.now();
    const start = from ?? new Date(end.getTime() - 30 * 24 * 3600_000);
    if (!(start < end)) throw new InvalidRequestError('`from` must be before `to`.', 'from', 'invalid_range');
    if (end.getTime() - start.getTime() > MAX_WINDOW_MS)
      throw new InvalidRequestError(
        'The window can be at most 31 days (request metadata is kept 30 days).',
        'from',
        'invalid_range',
      );
    const sums = await this.logs.summarise(accountId, start, end, groupBy);
    if (groupBy !== 'key') return sums.map((s) => ({ ...s, label: null }));
    const names = new Map((await this.keys.list(accountId)).map((k) => [k.id, k.name]));
    return sums.map((s) => ({ ...s, label: names.get(s.key) ?? null }));
  }

  /** The owner's newest requests (at most 50; `first` below 1 counts as 1), with each key's name. */
  async recent(accountId: string, first: number): Promise<RecentRequest[]> {
    const limit = Math.min(Math.max(Math.trunc(first), 1), RECENT_REQUESTS_MAX);
    const rows = await this.recentLogs.newest(accountId, limit);
    // A second small query rather than a join: the keys belong to the accounts lib.
    const names = await this.keys.namesOf(accountId, [...new Set(rows.map((r) => r.apiKeyId))]);
    return rows.map((r) => ({ ...r, apiKeyName: names.get(r.apiKeyId) ?? null }));
  }
}
