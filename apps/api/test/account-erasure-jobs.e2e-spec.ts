/**
 * Erasing a closed account removes the queued jobs that name it: a delayed email and a delayed
 * abuse signal still waiting, and (with BullMQ) the closing email's job the worker has finished
 * and keeps. Checked in the in-process queue's state (SQLite) and in every Redis key under the
 * application's prefix (MariaDB + Redis). With the injected clock.
 */
import { ClosedAccountsRetention } from '@vipcloud/accounts';
import { InProcessJobQueue, JobQueue } from '@vipcloud/platform';
import { RetentionScheduler } from '@vipcloud/privacy';
import { createAccount, daysAgo, dumpRedis, eventually, Gateway, graphql, MODES, signIn, startGateway } from './kit';

const CLOSE = 'mutation($e: String!) { closeAccount(confirmEmail: $e) { closedAt deleteAfter } }';
const HOUR_MS = 3600_000;

describe.each(MODES)('erasing a closed account from the job queues (%s)', (mode) => {
  let gw: Gateway;

  beforeAll(async () => {
    gw = await startGateway(mode);
  });
  afterAll(async () => {
    await gw?.close();
  });

  /** Every job payload (SQLite: the in-process queue's) or every Redis key and value under the prefix, as text. */
  async function queuedText(): Promise<string> {
    const queue = gw.app.get(JobQueue);
    if (queue instanceof InProcessJobQueue) return JSON.stringify(queue.pendingPayloads());
    return dumpRedis(`${gw.redisPrefix}:`);
  }

  it('removes the jobs naming the account when the retention task erases it', async () => {
    const account = await createAccount(gw, { prefix: 'jobs' });
    const bystander = await createAccount(gw, { prefix: 'jobs' });
    const session = await signIn(gw, account.id);
    const closed = await graphql(gw, session.token)(CLOSE, { e: account.email });
    expect(closed.body.errors).toBeUndefined();

    const queue = gw.app.get(JobQueue);
    // A delayed email and a delayed abuse signal, as notifications and abuse queue them.
    const email = { template: 'low-balance', accountId: account.id, balanceMicros: 1, thresholdMicros: 5 };
    await queue.enqueue('notifications.email', email, { jobId: `low-balance-${account.id}`, delayMs: HOUR_MS });
    const signal = { requestId: `req-${account.id}`, accountId: account.id, occurredAt: new Date().toISOString() };
    await queue.enqueue('abuse-signals', signal, { delayMs: HOUR_MS });
    // Someone else's delayed job stays.
    await queue.enqueue('notifications.email', { ...email, accountId: bystander.id }, { delayMs: HOUR_MS });
    if (mode === 'mysql+redis') {
      // The worker has sent (or given up on) the closing email; BullMQ keeps the finished job.
      await eventually(async () => {
        const text = await dumpRedis(`${gw.redisPrefix}:notifications.email:account-closing-${account.id}`);
        return text.includes('finishedOn') && text;
      }, 15_000);
    }
    expect(await queuedText()).toContain(account.id);

    const task = gw.app.get(ClosedAccountsRetention);
    const retention = gw.app.get(RetentionScheduler);
    const erased = await daysAgo(gw, -30.05, () => retention.run(task));
    expect(erased).toBeGreaterThan(0);

    const text = await queuedText();
    expect(text.includes(account.id)).toBe(false);
    expect(text).toContain(bystander.id);
    // Nothing more to remove on the next run.
    expect(await daysAgo(gw, -30.05, () => retention.run(task))).toBe(0);
  });
});
