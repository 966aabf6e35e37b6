import { Injectable } from '@nestjs/common';
import { ApiKeysService } from '@vipcloud/accounts';
import { Clock, InvalidRequestError } from '@vipcloud/platform';
import { RequestLogRepository, UsageGrouping, UsageSum } from '../metering/request-log.repository';

/** Request metadata is kept 30 days; a longer window would only look empty. */
const MAX_WINDOW_MS = 31 * 24 * 3600_000;

export interface UsageBucket extends UsageSum {
  label: string | null;
}

/** The owner's usage, summed from request metadata (kept 30 days). */
@Injectable()
export class UsageService {
  constructor(
    private readonly logs: RequestLogRepository,
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
}
