/**
 * Email notifications: the low-balance email is enqueued with ids and amounts only, and the
 * recipient is looked up and the message rendered when the job runs — written as an .eml file in
 * the embedded default, sent over SMTP by the worker in production mode.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AccountsService } from '@vipcloud/accounts';
import { NotificationsService } from '@vipcloud/notifications';
import {
  addresses,
  createAccount,
  dumpRedis,
  eventually,
  Gateway,
  Mailbox,
  MODES,
  readLog,
  startGateway,
  startMailbox,
} from './kit';

describe.each(MODES)('notifications (%s)', (mode) => {
  let gw: Gateway;
  let mailbox: Mailbox;

  beforeAll(async () => {
    mailbox = await startMailbox(mode);
    gw = await startGateway(mode, mailbox.env);
    mailbox.watch(gw);
  });

  afterAll(async () => {
    await gw?.close();
    await mailbox?.close();
  });

  const outbox = (): string => join(gw.dataDir, 'outbox');
  const sent = () => mailbox.sent();
  const to = (address: string) => mailbox.to(address);
  const mailsTo = (address: string, count: number) => mailbox.mailsTo(address, count);

  async function newAccount(localPrefix = 'notify'): Promise<{ id: string; email: string }> {
    return createAccount(gw, { prefix: localPrefix });
  }

  it("emails the low-balance warning to the account's address, with ids and amounts only in the job", async () => {
    const account = await gw.app.get(AccountsService).findById(gw.accountId);
    const email = account?.email as string;
    await gw.app.get(NotificationsService).lowBalance({
      accountId: gw.accountId,
      balanceMicros: 4_329_999,
      thresholdMicros: 5_000_000,
      dedupeKey: `entry-${randomUUID()}`,
    });

    const [{ mail, rcptTo }] = await mailsTo(email, 1);
    expect(mail.subject).toBe('Your VIPCloud balance is below $5.00');
    expect(addresses(mail.to)).toEqual([email]);
    expect(addresses(mail.from)).toEqual(['no-reply@vipcloud.dev']);
    if (mode === 'mysql+redis') expect(rcptTo).toEqual([email]);
    for (const part of [mail.text ?? '', String(mail.html)]) {
      expect(part).toContain('$4.32');
      expect(part).toContain('$5.00');
      expect(part).toContain('http://localhost:3000/portal/credits');
    }

    const jobs = gw.jobs.filter((j) => j.queue === 'notifications.email');
    expect(jobs.map((j) => j.payload)).toEqual([
      { template: 'low-balance', accountId: gw.accountId, balanceMicros: 4_329_999, thresholdMicros: 5_000_000 },
    ]);
    expect(JSON.stringify(jobs)).not.toContain('@');
    if (mode === 'mysql+redis') expect(await dumpRedis(gw.redisPrefix)).not.toContain(email);

    // The log names the message, never its recipient or content.
    const log = await eventually(async () => {
      const text = readLog(gw);
      return text.includes(`sent message ${mail.messageId}`) ? text : null;
    });
    expect(log).not.toContain(email);
    expect(log).not.toContain('portal/credits');
    expect(log).not.toContain('balance is below');

    if (mode === 'sqlite') {
      const files = readdirSync(outbox());
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-[0-9a-f]{12}\.eml$/);
      expect(statSync(join(outbox(), files[0])).mode & 0o777).toBe(0o600);
    }
  });

  it('sends one email per dedupe key, however often it is enqueued', async () => {
    const account = await newAccount();
    const notifications = gw.app.get(NotificationsService);
    const notice = {
      accountId: account.id,
      balanceMicros: 900_000,
      thresholdMicros: 1_000_000,
      dedupeKey: `entry-${randomUUID()}`,
    };
    await Promise.all([notifications.lowBalance(notice), notifications.lowBalance(notice)]);
    await notifications.lowBalance(notice);
    // Another occasion (another key) is another email.
    await notifications.lowBalance({ ...notice, balanceMicros: 500_000, dedupeKey: `entry-${randomUUID()}` });

    const mails = await mailsTo(account.email, 2);
    await new Promise((r) => setTimeout(r, 500));
    const texts = (await to(account.email)).map((r) => r.mail.text ?? '');
    expect(texts).toHaveLength(2);
    expect(texts.filter((t) => t.includes('$0.90'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('$0.50'))).toHaveLength(1);
    expect(mails.every((r) => r.mail.subject === 'Your VIPCloud balance is below $1.00')).toBe(true);
  });

  it('accepts a dedupe key with characters BullMQ refuses in job ids', async () => {
    const account = await newAccount();
    const notice = {
      accountId: account.id,
      balanceMicros: 1,
      thresholdMicros: 2_000_000,
      dedupeKey: `ledger:${randomUUID()}:usage`,
    };
    await gw.app.get(NotificationsService).lowBalance(notice);
    await gw.app.get(NotificationsService).lowBalance(notice);
    await mailsTo(account.email, 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await to(account.email)).toHaveLength(1);
  });

  it('sends nothing for an unknown account, and does not throw', async () => {
    const before = (await sent()).length;
    const accountId = randomUUID();
    await expect(
      gw.app
        .get(NotificationsService)
        .lowBalance({ accountId, balanceMicros: 0, thresholdMicros: 5_000_000, dedupeKey: `entry-${randomUUID()}` }),
    ).resolves.toBeUndefined();
    await eventually(async () => {
      await gw.settle();
      return readLog(gw).includes(`account ${accountId} not found`);
    });
    expect((await sent()).length).toBe(before);
  });

  if (mode === 'mysql+redis') {
    describe('SMTP refusals', () => {
      it('does not retry a message the server refuses for good, and logs no address', async () => {
        const account = await newAccount('bounce');
        await gw.app.get(NotificationsService).lowBalance({
          accountId: account.id,
          balanceMicros: 1,
          thresholdMicros: 1_000_000,
          dedupeKey: `entry-${randomUUID()}`,
        });
        await eventually(
          async () =>
            readLog(gw).includes(
              `low-balance email for account ${account.id} refused for good (mail delivery failed: EENVELOPE 550)`,
            ),
          10_000,
        );
        // Longer than BullMQ's first retry delay (1 s).
        await new Promise((r) => setTimeout(r, 1500));
        expect(mailbox.rcptAttempts.get(account.email)).toBe(1);
        expect(readLog(gw)).not.toContain(account.email);
        expect(await dumpRedis(gw.redisPrefix)).not.toContain(account.email);
      });

      it('retries a temporary refusal, and keeps no address in Redis when it gives up', async () => {
        const account = await newAccount('tempfail');
        await gw.app.get(NotificationsService).lowBalance({
          accountId: account.id,
          balanceMicros: 1,
          thresholdMicros: 1_000_000,
          dedupeKey: `entry-${randomUUID()}`,
        });
        // Three attempts, 1 s and 2 s apart; then the job's failure reason is kept in Redis.
        const redis = await eventually(async () => {
          const dump = await dumpRedis(gw.redisPrefix);
          return mailbox.rcptAttempts.get(account.email) === 3 && dump.includes('mail delivery failed: EENVELOPE 450')
            ? dump
            : null;
        }, 15_000);
        expect(redis).not.toContain(account.email);
        expect(readLog(gw)).not.toContain(account.email);
        expect(await to(account.email)).toHaveLength(0);
      });
    });
  }
});
