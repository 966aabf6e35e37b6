/**
 * Privacy's emails (its PrivacyMailer port, implemented by notifications): the export and closure
 * notices are queued with ids and times only and rendered when sent; the email-change confirmation
 * goes at once to the NEW address, so neither the address nor the link's secret enters a job payload.
 */
import { randomUUID } from 'node:crypto';
import { AccountsService } from '@vipcloud/accounts';
import { PrivacyMailer } from '@vipcloud/privacy';
import { addresses, createAccount, dumpRedis, Gateway, Mailbox, MODES, startGateway, startMailbox } from './kit';

describe.each(MODES)('privacy emails (%s)', (mode) => {
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

  const mailer = () => gw.app.get(PrivacyMailer);
  const emailJobs = () => gw.jobs.filter((j) => j.queue === 'notifications.email').map((j) => j.payload);

  it('emails that an export is ready, once per export, with ids and times only in the job', async () => {
    const account = await createAccount(gw, { prefix: 'export' });
    const exportId = randomUUID();
    const expiresAt = new Date('2031-03-04T05:06:00Z');
    await mailer().exportReady(account.id, exportId, expiresAt);
    await mailer().exportReady(account.id, exportId, expiresAt);

    const [{ mail }] = await mailbox.mailsTo(account.email, 1);
    expect(mail.subject).toBe('Your VIPCloud data export is ready');
    expect(addresses(mail.to)).toEqual([account.email]);
    for (const part of [mail.text ?? '', String(mail.html)]) {
      expect(part).toContain('2031-03-04 05:06 UTC');
      expect(part).toContain('http://localhost:3000/portal/privacy');
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(await mailbox.to(account.email)).toHaveLength(1);
    const jobs = emailJobs().filter((p) => p['exportId'] === exportId);
    expect(jobs[0]).toEqual({
      template: 'export-ready',
      accountId: account.id,
      exportId,
      expiresAtMs: expiresAt.getTime(),
    });
    expect(JSON.stringify(emailJobs())).not.toContain('@');
  });

  it('tells a closed account when it will be deleted; not an account that is still open', async () => {
    const closed = await createAccount(gw, { prefix: 'closing' });
    const open = await createAccount(gw, { prefix: 'open' });
    // Closure itself belongs to accounts; the status is what the email job checks.
    await gw.dataSource.query("UPDATE accounts SET status = 'closed' WHERE id = ?", [closed.id]);
    const deleteAfter = new Date('2031-01-31T00:00:00Z');
    await mailer().accountClosing(closed.id, deleteAfter);
    await mailer().accountClosing(open.id, deleteAfter);

    const [{ mail }] = await mailbox.mailsTo(closed.email, 1);
    expect(mail.subject).toBe('Your VIPCloud account is closed');
    expect(mail.text).toContain('2031-01-31 00:00 UTC');
    await gw.settle();
    await new Promise((r) => setTimeout(r, 300));
    expect(await mailbox.to(open.email)).toHaveLength(0);
  });

  it('sends the email-change link to the new address at once, queueing nothing', async () => {
    const account = await createAccount(gw, { prefix: 'change' });
    const newEmail = `new-${randomUUID().slice(0, 8)}@example.com`;
    const confirmUrl = `http://localhost:3000/account/email/confirm?token=${randomUUID()}`;
    const before = emailJobs().length;
    await mailer().confirmEmailChange(account.id, newEmail, confirmUrl);

    const [{ mail }] = await mailbox.mailsTo(newEmail, 1);
    expect(mail.subject).toBe('Confirm your new VIPCloud email address');
    expect(mail.text).toContain(confirmUrl);
    expect(String(mail.html)).toContain(confirmUrl);
    expect(await mailbox.to(account.email)).toHaveLength(0);
    expect(emailJobs().length).toBe(before);
    if (mode === 'mysql+redis') {
      const redis = await dumpRedis(gw.redisPrefix);
      expect(redis).not.toContain(newEmail);
      expect(redis).not.toContain(confirmUrl);
    }
    // Still the old address until the link is followed (accounts' part).
    expect((await gw.app.get(AccountsService).findById(account.id))?.email).toBe(account.email);
  });
});
