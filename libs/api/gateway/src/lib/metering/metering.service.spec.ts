import { RequestLogEntity } from './request-log.entity';
import type { RequestLogRepository } from './request-log.repository';
import { MeteringService } from './metering.service';

type Failure = 'unavailable' | 'duplicate' | 'refused';

/** A repository whose database is up or away, refusing chosen rows, and remembering what it stored. */
function repository() {
  const state = { up: true, stored: [] as string[], refuse: new Set<string>(), duplicate: new Set<string>() };
  const fail = (kind: Failure) => Object.assign(new Error(kind), { kind });
  const repo = {
    insertMany: async (rows: RequestLogEntity[]) => {
      if (!state.up) throw fail('unavailable');
      for (const r of rows) if (state.refuse.has(r.id)) throw fail('refused');
      for (const r of rows) if (state.duplicate.has(r.id)) throw fail('duplicate');
      state.stored.push(...rows.map((r) => r.id));
    },
    failure: (err: unknown) => (err as { kind: Failure }).kind,
  } as unknown as RequestLogRepository;
  return { state, repo };
}

const row = (id: string) => Object.assign(new RequestLogEntity(), { id });

describe('MeteringService', () => {
  afterEach(() => jest.useRealTimers());

  it('keeps rows while the database is away and writes them, once, when it is back', async () => {
    jest.useFakeTimers();
    const { state, repo } = repository();
    const metering = new MeteringService(repo);
    state.up = false;
    metering.record(row('a'));
    metering.record(row('b'));
    await metering.flush();
    expect(metering.retained).toBe(2);
    metering.record(row('c'));
    state.up = true;
    await jest.advanceTimersByTimeAsync(300);
    await metering.flush();
    expect(state.stored).toEqual(['a', 'b', 'c']);
    expect(metering.retained).toBe(0);
  });

  it('drops a row the database refuses without costing the others, and skips one already stored', async () => {
    const { state, repo } = repository();
    const metering = new MeteringService(repo);
    state.refuse.add('bad');
    state.duplicate.add('seen');
    for (const id of ['a', 'bad', 'seen', 'b']) metering.record(row(id));
    await metering.flush();
    expect(state.stored).toEqual(['a', 'b']);
    expect(metering.retained).toBe(0);
  });
});
