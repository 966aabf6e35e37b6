import type { DiscoveryService } from '@nestjs/core';
import type { Clock, JobQueue, JobScheduler } from '@vipcloud/platform';
import { RetentionTask } from '../ports/retention-task.port';
import type { RetentionAuditEntity } from './retention-audit.entity';
import type { RetentionAuditRepository } from './retention-audit.repository';
import { DuplicateRetentionKindError, RetentionScheduler } from './retention-scheduler.service';

class FakeTask extends RetentionTask {
  readonly rule = '1 day';
  override readonly everyMs = 3600_000;
  constructor(
    readonly kind: string,
    private readonly due: number[] = [],
  ) {
    super();
  }
  async purge(): Promise<number> {
    const next = this.due.shift();
    if (next === undefined) throw new Error('database down');
    return next;
  }
}

function setup(tasks: RetentionTask[]) {
  const discovery = {
    getProviders: () => [...tasks, {}].map((instance) => ({ instance })),
  } as unknown as DiscoveryService;
  const handlers = new Map<string, () => Promise<void>>();
  const queue = { handle: (name: string, h: () => Promise<void>) => void handlers.set(name, h) } as unknown as JobQueue;
  const every: Array<[string, number]> = [];
  const scheduler = { every: (job: string, ms: number) => void every.push([job, ms]) } as unknown as JobScheduler;
  const rows: Array<Omit<RetentionAuditEntity, 'id'>> = [];
  const audit = {
    insert: async (r: Omit<RetentionAuditEntity, 'id'>) => void rows.push(r),
  } as RetentionAuditRepository;
  const at = new Date('2026-11-28T00:00:00Z');
  const clock = { now: () => at } as Clock;
  return { service: new RetentionScheduler(discovery, queue, scheduler, audit, clock), handlers, every, rows, at };
}

describe('RetentionScheduler', () => {
  it('registers and schedules one job per task, in kind order', () => {
    const { service, handlers, every } = setup([new FakeTask('b.two'), new FakeTask('a.one')]);
    service.onModuleInit();
    expect([...handlers.keys()]).toEqual(['retention.a.one', 'retention.b.two']);
    expect(every).toEqual([
      ['retention.a.one', 3600_000],
      ['retention.b.two', 3600_000],
    ]);
  });

  it('writes an audit row per successful run, none for a failed one', async () => {
    const { service, handlers, rows, at } = setup([new FakeTask('a.one', [3, 0])]);
    service.onModuleInit();
    const run = handlers.get('retention.a.one') as () => Promise<void>;
    await run();
    await run();
    await expect(run()).rejects.toThrow('database down');
    expect(rows).toEqual([
      { kind: 'a.one', rule: '1 day', deleted: 3, ranAt: at },
      { kind: 'a.one', rule: '1 day', deleted: 0, ranAt: at },
    ]);
  });

  it('refuses two tasks of the same kind', () => {
    const { service } = setup([new FakeTask('a.one'), new FakeTask('a.one')]);
    expect(() => service.tasks()).toThrow(DuplicateRetentionKindError);
  });
});
