/**
 * Two API instances and a worker, each a process of its own on one MariaDB database and one Redis, under
 * concurrent load against a small balance: no overspend, one metadata row per request, Σ ledger = balance
 * once written — also when Redis loses everything mid-load (FLUSHALL), and when one instance is killed
 * mid-load (SIGKILL): its holds are released by the worker's sweep, nothing is charged twice and no credit
 * is lost. Asserted with SQL on the balance, ledger sums, holds and request rows only.
 */
import { Agent, request } from 'undici';
import {
  accountMoney,
  AppProcess,
  AppStack,
  directive,
  disposeAll,
  eventually,
  Fakes,
  fundedKey,
  METERED,
  PrivateRedis,
  PROVIDER_CASES,
  requestRows,
  spawnAppProcess,
  startAppContext,
  startFakes,
  startPrivateRedis,
  testCatalogPath,
} from './kit';

/** Far longer than any answer: each answer is cut at max_tokens, so a served request costs 100 (or its clamp). */
const LONG_REPLY = directive('reply', 'word '.repeat(400));
const MAX_TOKENS = 100;
/** Enough for about twenty answers: the load below asks for twice as many. */
const BALANCE = 2_000;
const REQUESTS = 40;
const CONCURRENCY = 8;
/** A hold older than this is a dead instance's; far above a request's life here, even on a loaded machine. */
const HOLD_TTL_MS = 3_000;

interface Outcome {
  instance: string;
  /** The HTTP status, or `cut` when the connection failed (its instance was killed). */
  status: number | 'cut';
  requestId: string | null;
  /** What the answer's usage costs at the model's price (1 micro-USD per output token, input free). */
  cost: number;
}

describe('two instances and a worker under load (mysql+redis)', () => {
  let fakes: Fakes;
  let host: AppStack;
  let redis: PrivateRedis;
  let a: AppProcess;
  let b: AppProcess;
  let worker: AppProcess;
  const agent = new Agent({ connections: CONCURRENCY });

  beforeAll(async () => {
    fakes = await startFakes(PROVIDER_CASES.filter((c) => c.flavor === 'deepseek'));
    const shared = { ...fakes.env, MODEL_CATALOG_PATH: testCatalogPath([METERED]) };
    // A Redis of the test's own: its FLUSHALL must not touch what other suites keep on the shared one.
    redis = await startPrivateRedis();
    // Creates the database, sets up accounts and reads the tables; it has its own queues and Redis.
    host = await startAppContext('mysql+redis', shared);
    const env = {
      ...shared,
      DATABASE_URL: host.databaseUrl as string,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: 'chaos',
      HOLD_TTL_MS: String(HOLD_TTL_MS),
      HOLD_SWEEP_EVERY_MS: '250',
    };
    [a, b, worker] = await Promise.all([
      spawnAppProcess('main', 'instance-a', env),
      spawnAppProcess('main', 'instance-b', env),
      spawnAppProcess('worker', 'worker', env),
    ]);
    await Promise.all([a.ready, b.ready, worker.ready]);
  }, 120_000);
  afterAll(async () => {
    await agent.close();
    await disposeAll([a, b, worker]);
    await redis?.close();
    await host?.close();
    await fakes?.close();
  });

  /**
   * `REQUESTS` chat requests, `CONCURRENCY` at a time, spread over the instances `route` names for each; `seen`
   * is told of every outcome as it comes (a test acts mid-load from there).
   */
  async function load(
    key: string,
    route: (i: number) => AppProcess,
    seen: (o: Outcome, all: Outcome[]) => void = () => undefined,
    delayMs = 30,
  ): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    const body = JSON.stringify({
      model: 'metered',
      max_tokens: MAX_TOKENS,
      messages: [{ role: 'user', content: `go ${LONG_REPLY} ${directive('delay_ms', delayMs)}` }],
    });
    let next = 0;
    const lane = async (): Promise<void> => {
      for (let i = next++; i < REQUESTS; i = next++) {
        const target = route(i);
        const outcome: Outcome = { instance: target.name, status: 'cut', requestId: null, cost: 0 };
        try {
          const res = await request(`${target.url}/v1/chat/completions`, {
            method: 'POST',
            dispatcher: agent,
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body,
          });
          const answer = (await res.body.json()) as { usage?: { completion_tokens: number } };
          outcome.status = res.statusCode;
          outcome.requestId = String(res.headers['x-request-id']);
          outcome.cost = res.statusCode === 200 ? (answer.usage?.completion_tokens ?? NaN) : 0;
        } catch {
          // The connection failed: its instance is gone. Nothing was answered.
        }
        outcomes.push(outcome);
        seen(outcome, outcomes);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    return outcomes;
  }

  const sum = (outcomes: Outcome[]): number => outcomes.reduce((s, o) => s + o.cost, 0);
  const answered = (outcomes: Outcome[]): Outcome[] => outcomes.filter((o) => o.status === 200);

  /**
   * Every request has its one row (its status, its cost), the balance fell by exactly what was answered, and
   * the ledger and the holds agree with the balance row: waited for, since rows and settlements are written
   * in batches after the answers.
   */
  async function expectSettledExactly(accountId: string, outcomes: Outcome[]): Promise<void> {
    const expected = outcomes.map((o) => [o.requestId, o.status, o.cost]).sort();
    const charged = sum(answered(outcomes));
    await eventually(async () => {
      const [rows, money] = await Promise.all([
        requestRows(host.dataSource, accountId),
        accountMoney(host.dataSource, accountId),
      ]);
      return rows.length === outcomes.length && money.balance === BALANCE - charged;
    }, 15_000).catch(async () => {
      throw new Error(
        `not settled: ${JSON.stringify(await accountMoney(host.dataSource, accountId))}, ` +
          `${(await requestRows(host.dataSource, accountId)).length} rows for ${outcomes.length} requests, ` +
          `${charged} answered`,
      );
    });
    const rows = await requestRows(host.dataSource, accountId);
    expect(rows.map((r) => [r.id, r.status, r.cost]).sort()).toEqual(expected);
    const money = await accountMoney(host.dataSource, accountId);
    expect(money.balance).toBeGreaterThanOrEqual(0);
    expect(money.ledger).toBe(money.balance);
    expect(money.held).toBe(money.holdsMicros);
  }

  it('serves at most what the balance covers, one row per request, Σ ledger = balance', async () => {
    const { accountId, key } = await fundedKey(host, BALANCE, { prefix: 'chaos-load' });
    const outcomes = await load(key, (i) => (i % 2 ? b : a));

    expect(outcomes.every((o) => o.status === 200 || o.status === 402)).toBe(true);
    const served = answered(outcomes);
    expect(served.length).toBeGreaterThan(0);
    expect(new Set(served.map((o) => o.instance))).toEqual(new Set([a.name, b.name]));
    expect(sum(served)).toBeLessThanOrEqual(BALANCE);
    await expectSettledExactly(accountId, outcomes);
  });

  it('loses nothing and charges nothing twice when Redis is flushed mid-load', async () => {
    const { accountId, key } = await fundedKey(host, BALANCE, { prefix: 'chaos-flush' });
    let flushed: Promise<unknown> | null = null;
    let afterFlush = 0;
    const outcomes = await load(
      key,
      (i) => (i % 2 ? b : a),
      (_o, all) => {
        if (flushed) afterFlush++;
        else if (answered(all).length === 5) flushed = redis.client.flushall();
      },
    );
    await flushed;
    // Mid-load: requests were answered on both sides of the flush.
    expect(afterFlush).toBeGreaterThan(0);
    expect(outcomes.every((o) => o.status === 200 || o.status === 402)).toBe(true);
    expect(sum(answered(outcomes))).toBeLessThanOrEqual(BALANCE);
    await expectSettledExactly(accountId, outcomes);
  });

  it('releases the holds of an instance killed mid-load: nothing charged twice, no credit lost', async () => {
    const { accountId, key } = await fundedKey(host, BALANCE, { prefix: 'chaos-kill' });
    let killed = false;
    const outcomes = await load(
      key,
      // A load balancer sends everything to the survivor once the other stops answering.
      (i) => (i % 2 && !killed ? a : b),
      (_o, all) => {
        if (!killed && all.filter((x) => x.instance === a.name && x.status === 200).length === 4) {
          killed = true;
          a.signal('SIGKILL');
        }
      },
      // Answers take a while, so the kill finds requests in flight on the instance.
      100,
    );
    expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const cut = outcomes.filter((o) => o.status === 'cut');
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.every((o) => o.instance === a.name)).toBe(true);
    expect(outcomes.every((o) => o.status === 'cut' || o.status === 200 || o.status === 402)).toBe(true);

    // The survivor stops gracefully (what it holds is written and returned); the killed one's holds wait
    // for the worker's sweep, once they are older than HOLD_TTL_MS.
    b.signal('SIGTERM');
    expect(await b.exited).toEqual({ code: 0, signal: null });
    await eventually(async () => (await accountMoney(host.dataSource, accountId)).holds === 0, HOLD_TTL_MS + 15_000);
    const money = await accountMoney(host.dataSource, accountId);
    const charged = BALANCE - money.balance;
    const served = answered(outcomes);
    const servedByB = served.filter((o) => o.instance === b.name);
    // Nothing charged that was not answered, nor twice: at most what the answers cost. The survivor's
    // answers are all charged; the killed instance's are charged unless it died before settling them.
    expect(money.balance).toBeGreaterThanOrEqual(0);
    expect(charged).toBeLessThanOrEqual(sum(served));
    expect(charged).toBeGreaterThanOrEqual(sum(servedByB));
    expect(money.ledger).toBe(money.balance);
    // Every hold is released and held_micros with it: a lease grows in one transaction (held_micros and
    // the lease row together), so a kill leaves no amount held without a row for the sweep to release.
    expect(money.held).toBe(0);

    // One row per request of the survivor; the killed instance's rows are those it wrote before it died.
    const rows = new Map((await requestRows(host.dataSource, accountId)).map((r) => [r.id, r]));
    for (const o of outcomes.filter((x) => x.instance === b.name))
      expect(rows.get(o.requestId as string)).toMatchObject({ id: o.requestId, status: o.status, cost: o.cost });
    const known = new Map(outcomes.map((o) => [o.requestId, o]));
    for (const row of rows.values()) {
      const o = known.get(row.id);
      // A row of the killed instance is one of its answers (a request cut by the kill was never answered).
      expect(o && [o.status, o.cost]).toEqual([row.status, row.cost]);
    }

    // The worker stops gracefully too: no job is taken any more, the running ones finish.
    worker.signal('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  }, 60_000);
});
