import { Clock } from '@vipcloud/platform';
import { RequestLogRetentionRepository } from './request-log-retention.repository';
import { REQUEST_LOG_RETENTION_DAYS, RequestLogRetentionService } from './request-log-retention.service';

class FixedClock extends Clock {
  constructor(private readonly at: Date) {
    super();
  }
  now(): Date {
    return this.at;
  }
}

describe('RequestLogRetentionService', () => {
  it('deletes what was made more than 30 days before now, and says how much', async () => {
    const cutoffs: Date[] = [];
    const repo = {
      deleteOlderThan: async (cutoff: Date) => {
        cutoffs.push(cutoff);
        return 7;
      },
    } as unknown as RequestLogRetentionRepository;
    const service = new RequestLogRetentionService(repo, new FixedClock(new Date('2026-11-28T12:00:00Z')));
    expect(await service.purgeExpired()).toBe(7);
    expect(REQUEST_LOG_RETENTION_DAYS).toBe(30);
    expect(cutoffs).toEqual([new Date('2026-10-29T12:00:00Z')]);
  });
});
