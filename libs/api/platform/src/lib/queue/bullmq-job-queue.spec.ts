import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { BullMqJobQueue } from './bullmq-job-queue';
import type { JobPayload } from './job-queue';

// Integration test against the local Redis (it runs on dev machines and in CI).
const REDIS_URL = 'redis://127.0.0.1:6379';

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

describe('BullMqJobQueue (Redis)', () => {
  let prefix: string;
  let apiConnection: Redis;
  let workerConnection: Redis;
  const toClose: Array<{ close(): Promise<void> }> = [];

  beforeEach(() => {
    prefix = `vcunit${randomBytes(6).toString('hex')}`;
    apiConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
    workerConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  });

  afterEach(async () => {
    for (const c of toClose.splice(0).reverse()) await c.close();
    await deleteKeys(apiConnection, prefix);
    await Promise.all([apiConnection.quit(), workerConnection.quit()]);
  });

  it('delivers a payload enqueued by an api-role queue to a worker-role queue on another connection', async () => {
    const api = new BullMqJobQueue(apiConnection, 'api', prefix);
    const worker = new BullMqJobQueue(workerConnection, 'worker', prefix);
    toClose.push(api, worker);

    const received = new Promise<JobPayload>((resolve) => {
      worker.handle('usage', async (payload) => resolve(payload));
    });
    await api.enqueue('usage', { requestId: 'req-1', tokens: 42, cached: false, note: null });

    await expect(received).resolves.toEqual({ requestId: 'req-1', tokens: 42, cached: false, note: null });
  });

  it('registers no consumer in the api role and accepts a job id once', async () => {
    const api = new BullMqJobQueue(apiConnection, 'api', prefix);
    const inspector = new Queue('usage', { connection: workerConnection, prefix });
    toClose.push(api, inspector);

    const handler = jest.fn(async () => undefined);
    api.handle('usage', handler);
    await api.enqueue('usage', { n: 1 }, { jobId: 'job-1' });
    await api.enqueue('usage', { n: 2 }, { jobId: 'job-1' });
    await api.enqueue('usage', { n: 3 }, { jobId: 'job-2', attempts: 5, backoffMs: 5000 });

    const counts = await inspector.getJobCounts('waiting', 'active', 'completed');
    expect(counts).toMatchObject({ waiting: 2, active: 0, completed: 0 });
    const first = await inspector.getJob('job-1');
    expect(first?.data).toEqual({ n: 1 });
    expect(first?.opts).toMatchObject({ attempts: 3, backoff: { type: 'exponential', delay: 1000 } });
    expect((await inspector.getJob('job-2'))?.opts).toMatchObject({
      attempts: 5,
      backoff: { type: 'exponential', delay: 5000 },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('keeps every key under its prefix', async () => {
    const api = new BullMqJobQueue(apiConnection, 'api', prefix);
    toClose.push(api);
    await api.enqueue('usage', { n: 1 }, { jobId: 'job-1' });
    const [, keys] = await apiConnection.scan('0', 'MATCH', `${prefix}:usage:*`, 'COUNT', 1000);
    expect(keys.length).toBeGreaterThan(0);
  });

  /** Every key under the prefix with its content, as text (strings, hashes, lists, sets, sorted sets, streams). */
  async function dump(redis: Redis): Promise<string> {
    const out: string[] = [];
    for (const key of await redis.keys(`${prefix}:*`)) {
      const type = await redis.type(key);
      out.push(key);
      if (type === 'string') out.push(String(await redis.get(key)));
      else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') out.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'set') out.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') out.push(JSON.stringify(await redis.zrange(key, 0, -1)));
      else if (type === 'stream') out.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    }
    return out.join('\n');
  }

  it('delays a job by delayMs', async () => {
    const api = new BullMqJobQueue(apiConnection, 'api', prefix);
    const inspector = new Queue('later', { connection: workerConnection, prefix });
    toClose.push(api, inspector);
    await api.enqueue('later', { n: 1 }, { jobId: 'j', delayMs: 60_000 });
    expect(await inspector.getJobState('j')).toBe('delayed');
    expect((await inspector.getJob('j'))?.opts.delay).toBe(60_000);
  });

  it('discards waiting, delayed, completed and failed jobs naming a value, on every queue under the prefix', async () => {
    const api = new BullMqJobQueue(apiConnection, 'api', prefix);
    const worker = new BullMqJobQueue(workerConnection, 'worker', prefix);
    toClose.push(api, worker);
    // Jobs run by the worker: one completes, one fails for good; both are kept by BullMQ.
    let ran = 0;
    const finished = new Promise<void>((resolve) => {
      worker.handle('email', async (p) => {
        ran++;
        if (ran === 2) setTimeout(resolve, 100);
        if (p['fail']) throw new Error(`could not send for ${String(p['accountId'])}`);
      });
    });
    await api.enqueue('email', { accountId: 'acc-1' }, { jobId: 'closing-acc-1' });
    await api.enqueue('email', { accountId: 'acc-1', fail: true }, { attempts: 1 });
    await finished;
    // Queued by the worker process only: the api process finds the queue in Redis.
    await worker.enqueue('signals', { accountId: 'acc-1', requestId: 'r1' }, { delayMs: 3600_000 });
    await api.enqueue('unhandled', { accountId: 'acc-1' });
    await api.enqueue('unhandled', { accountId: 'acc-2', note: 'mentions acc-1 in text' });
    await api.enqueue('unhandled', { accountId: 'acc-2' }, { delayMs: 3600_000 });
    expect(await dump(apiConnection)).toContain('acc-1');

    expect(await api.discardMentioning('acc-1')).toBe(4);

    const inspector = new Queue('unhandled', { connection: workerConnection, prefix });
    toClose.push(inspector);
    const left = await inspector.getJobs(['wait', 'delayed']);
    expect(left.map((j) => j.data).sort((a, b) => String(a.note).localeCompare(String(b.note)))).toEqual([
      { accountId: 'acc-2', note: 'mentions acc-1 in text' },
      { accountId: 'acc-2' },
    ]);
    // Apart from the one payload that merely mentions it in text, no key nor value names it.
    const text = await dump(apiConnection);
    expect(text.split('mentions acc-1 in text').join('').includes('acc-1')).toBe(false);
    expect(await api.discardMentioning('acc-1')).toBe(0);
  });
});
