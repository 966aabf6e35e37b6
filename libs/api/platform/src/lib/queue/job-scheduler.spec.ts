import { FakeClock } from '../../testing';
import { EnqueueOptions, JobPayload, JobQueue } from './job-queue';
import { JobScheduler } from './job-scheduler';

class RecordingQueue extends JobQueue {
  readonly enqueued: Array<{ queue: string; options?: EnqueueOptions }> = [];
  async enqueue<T extends JobPayload>(queue: string, _payload: T, options?: EnqueueOptions): Promise<void> {
    this.enqueued.push({ queue, options });
  }
  handle(): void {}
  async drain(): Promise<void> {}
  async discardMentioning(): Promise<number> {
    return 0;
  }
  async close(): Promise<void> {}
}

describe('JobScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it.each(['api', 'worker'] as const)('proposes each run once per window in the %s role', (role) => {
    const queue = new RecordingQueue();
    const clock = new FakeClock(new Date(10_000));
    const scheduler = new JobScheduler(queue, clock, role);
    scheduler.every('billing.reconcile', 1000);
    expect(scheduler.scheduled()).toEqual(['billing.reconcile']);
    clock.advance(1000);
    jest.advanceTimersByTime(1000);
    expect(queue.enqueued).toEqual([
      { queue: 'billing.reconcile', options: { jobId: 'billing-reconcile-11', attempts: 1 } },
    ]);
    scheduler.close();
    jest.advanceTimersByTime(5000);
    expect(queue.enqueued).toHaveLength(1);
  });

  it('proposes a daily window within 15 minutes of start, so daily restarts cannot starve it', () => {
    const DAY = 24 * 3600_000;
    const queue = new RecordingQueue();
    const clock = new FakeClock(new Date(Date.UTC(2026, 10, 28, 9)));
    const scheduler = new JobScheduler(queue, clock, 'worker');
    scheduler.every('accounts.purge-ended-sessions', DAY);
    clock.advance(15 * 60_000);
    jest.advanceTimersByTime(15 * 60_000);
    const today = Math.floor(clock.nowMs() / DAY);
    expect(queue.enqueued).toEqual([
      {
        queue: 'accounts.purge-ended-sessions',
        options: { jobId: `accounts-purge-ended-sessions-${today}`, attempts: 1 },
      },
    ]);
    // Later proposals in the same day name the same window (the queue keeps one run of it).
    clock.advance(60 * 60_000);
    jest.advanceTimersByTime(60 * 60_000);
    expect(new Set(queue.enqueued.map((j) => j.options?.jobId))).toEqual(
      new Set([`accounts-purge-ended-sessions-${today}`]),
    );
    scheduler.close();
  });

  it('starts no timer in the CLI role', () => {
    const intervals = jest.spyOn(global, 'setInterval');
    const queue = new RecordingQueue();
    const scheduler = new JobScheduler(queue, new FakeClock(), 'cli');
    scheduler.every('billing.reconcile', 1000);
    jest.advanceTimersByTime(10_000);
    expect(intervals).not.toHaveBeenCalled();
    expect(scheduler.scheduled()).toEqual([]);
    expect(queue.enqueued).toEqual([]);
    intervals.mockRestore();
  });
});
