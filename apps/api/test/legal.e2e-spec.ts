/**
 * The legal documents in the API, from the manifest the site's build writes: the Terms version
 * sign-up accepts, `me` asking for a material new Terms version and `acceptTerms`, and the email
 * announcing each material version to every active account exactly once — with two instances
 * running the job at once on MariaDB + Redis, across a restart, an SMTP outage, a run that died
 * and a duplicate job, in both modes (both send over SMTP here, so the outage can be staged).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountsService } from '@vipcloud/accounts';
import { LegalAnnouncementMailer, LegalAnnouncementsService } from '@vipcloud/legal';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import {
  addresses,
  count,
  createAccount,
  createKey,
  eventually,
  Gateway,
  graphql,
  legalManifestFixture,
  Mailbox,
  manifestVersion,
  MODES,
  redisUrl,
  signIn,
  startGateway,
  startMailbox,
  writeLegalManifest,
} from './kit';

const FIRST = '2026-04-26';
/** A material Terms version and a material privacy version, both in effect before today. */
const TERMS = '2026-06-01';
const PRIVACY = '2026-07-01';
const MANIFEST = legalManifestFixture({
  terms: [
    manifestVersion('terms', FIRST),
    manifestVersion('terms', TERMS, { material: true, summary: 'Adds the Acceptable Use Policy’s new section 4.' }),
  ],
  privacy: [
    manifestVersion('privacy', FIRST),
    manifestVersion('privacy', PRIVACY, { material: true, summary: 'Lists what sessions keep & for how long.' }),
  ],
});

const ME = '{ me { termsAcceptanceRequired { version materialVersion effective summary changesPath } } }';
const ACCEPT = 'mutation($v: String!) { acceptTerms(version: $v) { termsAcceptanceRequired { version } } }';

describe.each(MODES)('legal documents (%s)', (mode) => {
  let mailbox: Mailbox;
  let gw: Gateway;
  /** A second instance on the same database and Redis (MariaDB + Redis mode), restarted in the last test. */
  let other: Gateway | null = null;
  let env: Record<string, string>;
  let dataDir: string;
  let manifestPath: string;

  beforeAll(async () => {
    mailbox = await startMailbox(mode, { smtp: true });
    manifestPath = writeLegalManifest(MANIFEST);
    // Our own DATA_DIR: a restarted SQLite instance opens the same file.
    dataDir = mkdtempSync(join(tmpdir(), 'vc-legal-data-'));
    env = { ...mailbox.env, LEGAL_MANIFEST_PATH: manifestPath, DATA_DIR: dataDir };
    gw = await startGateway(mode, env);
    mailbox.watch({ dataDir, settle: () => gw.settle() });
    if (gw.databaseUrl) other = await startGateway(mode, sharing(gw));
    // Two instances, each with its worker, on a machine other suites share.
  }, 90_000);

  afterAll(async () => {
    await other?.close();
    await gw?.close();
    await mailbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(manifestPath, { force: true });
  });

  /** Another instance's settings: the same database and the same Redis namespace (queues). */
  const sharing = (first: Gateway): Record<string, string> => ({
    ...env,
    DATABASE_URL: first.databaseUrl as string,
    REDIS_KEY_PREFIX: first.redisPrefix,
  });

  const instances = (): Gateway[] => (other ? [gw, other] : [gw]);

  it('offers the manifest’s current Terms version to sign-up', async () => {
    const res = await graphql(gw)('{ currentTermsVersion }');
    expect(res.body).toEqual({ data: { currentTermsVersion: TERMS } });
  });

  it('asks an account that accepted older Terms to accept the material version; acceptTerms records it', async () => {
    const account = await gw.app.get(AccountsService).create(`accept-${randomBytes(4).toString('hex')}@example.com`, {
      termsVersion: FIRST,
      termsAcceptedAt: new Date('2026-04-27T10:00:00Z'),
    });
    const { token } = await signIn(gw, account.id);
    const gql = graphql(gw, token);

    expect((await gql(ME)).body.data.me.termsAcceptanceRequired).toEqual({
      version: TERMS,
      materialVersion: TERMS,
      effective: TERMS,
      summary: 'Adds the Acceptable Use Policy’s new section 4.',
      changesPath: `/legal/terms/${TERMS}/changes`,
    });

    // API keys keep working while the acceptance is pending.
    const key = await createKey(gw, account.id);
    const models = await request(gw.url).get('/v1/models').set('authorization', `Bearer ${key}`);
    expect(models.status).toBe(200);

    // Only the current version is acceptable: an older one (or any other) is a typed error.
    for (const version of [FIRST, '2099-01-01', 'latest']) {
      const refused = await gql(ACCEPT, { v: version });
      expect(refused.body.errors[0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'terms_version_not_current',
      });
    }
    expect((await gql(ME)).body.data.me.termsAcceptanceRequired).not.toBeNull();

    const accepted = await gql(ACCEPT, { v: TERMS });
    expect(accepted.body).toEqual({ data: { acceptTerms: { termsAcceptanceRequired: null } } });
    expect((await gql(ME)).body.data.me).toEqual({ termsAcceptanceRequired: null });
    const [row] = await gw.dataSource.query('SELECT terms_version, terms_accepted_at FROM accounts WHERE id = ?', [
      account.id,
    ]);
    expect(row.terms_version).toBe(TERMS);
    expect(new Date(row.terms_accepted_at).getTime()).toBeGreaterThan(Date.parse('2026-04-28T00:00:00Z'));
    expect((await request(gw.url).get('/v1/models').set('authorization', `Bearer ${key}`)).status).toBe(200);

    // Signed out, acceptTerms is refused like every signed-in operation.
    expect((await graphql(gw)(ACCEPT, { v: TERMS })).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('asks an account with no Terms acceptance on record (created by an operator) too', async () => {
    const account = await createAccount(gw);
    const { token } = await signIn(gw, account.id);
    expect((await graphql(gw, token)(ME)).body.data.me.termsAcceptanceRequired).toMatchObject({ version: TERMS });
  });

  describe('announcements', () => {
    type Person = { id: string; email: string };
    let told: Person[];
    let privacyOnly: Person;
    let untold: Person[];

    /** An account created on `createdAt` (the test's clock is today; these predate the versions). */
    async function accountCreated(prefix: string, createdAt: string): Promise<Person> {
      const account = await createAccount(gw, { prefix });
      await gw.dataSource.query('UPDATE accounts SET created_at = ? WHERE id = ?', [createdAt, account.id]);
      return account;
    }

    /** As when the pass over each version's audience is due again (a day after the last). */
    const audienceDue = (): Promise<unknown> => gw.dataSource.query('DELETE FROM legal_announcement_scans');

    /** Runs the job on every instance at once, as their schedules would. */
    async function runEverywhere(): Promise<void> {
      await Promise.all(
        instances().flatMap((i) => [
          i.app.get(LegalAnnouncementsService).announceDue(),
          i.app.get(LegalAnnouncementsService).announceDue(),
        ]),
      );
    }

    /** Waits until no email job is waiting or running on any instance. */
    async function emailsSettled(): Promise<void> {
      for (const i of instances()) await i.settle();
      if (mode !== 'mysql+redis') return;
      const connection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
      const queue = new Queue('notifications.email', { connection, prefix: gw.redisPrefix });
      try {
        await eventually(async () => {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'paused');
          return Object.values(counts).every((n) => n === 0);
        }, 30_000);
      } finally {
        await queue.close();
        connection.disconnect();
      }
    }

    /** Every address's count of announcements received, for the accounts of this test. */
    async function received(): Promise<Record<string, number>> {
      await emailsSettled();
      const out: Record<string, number> = {};
      for (const p of [...told, privacyOnly, ...untold]) {
        out[p.email] = (await mailbox.to(p.email)).filter((r) =>
          /^We have updated our /.test(r.mail.subject ?? ''),
        ).length;
      }
      return out;
    }

    const expected = (): Record<string, number> =>
      Object.fromEntries([
        ...told.map((p) => [p.email, 2]),
        [privacyOnly.email, 1],
        ...untold.map((p) => [p.email, 0]),
      ]);

    beforeAll(async () => {
      told = [await accountCreated('told', '2026-05-01 09:00:00'), await accountCreated('told', '2026-05-31 23:59:59')];
      // Created after the Terms version took effect (it accepted that text), before the privacy one.
      privacyOnly = await accountCreated('privacy-only', '2026-06-15 12:00:00');
      const suspended = await accountCreated('suspended', '2026-05-01 09:00:00');
      await gw.app.get(AccountsService).setStatus(suspended.id, 'suspended');
      const closed = await accountCreated('closed', '2026-05-01 09:00:00');
      await gw.dataSource.query("UPDATE accounts SET status = 'closed' WHERE id = ?", [closed.id]);
      // Created today: after both versions took effect.
      untold = [suspended, closed, await createAccount(gw, { prefix: 'new' })];
      // The start-up runs went through each audience before these accounts were backdated into it.
      await audienceDue();
    });

    it('emails each material version once to every active account created before it took effect', async () => {
      await runEverywhere();
      // Generous waits: on MariaDB + Redis the workers send over SMTP, on a machine other suites share.
      for (const p of told) await mailbox.mailsTo(p.email, 2, 30_000);
      await mailbox.mailsTo(privacyOnly.email, 1, 30_000);
      expect(await received()).toEqual(expected());

      const rows = await count(
        gw.dataSource,
        'SELECT COUNT(*) AS n FROM legal_announcements WHERE account_id IN (?, ?, ?) AND queued_at IS NOT NULL',
        [told[0].id, told[1].id, privacyOnly.id],
      );
      expect(rows).toBe(5);
      expect(
        await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM legal_announcements WHERE account_id IN (?, ?, ?)', [
          untold[0].id,
          untold[1].id,
          untold[2].id,
        ]),
      ).toBe(0);

      const [terms] = await mailbox
        .to(told[0].email)
        .then((all) => all.filter((r) => r.mail.subject === 'We have updated our Terms of Service'));
      expect(addresses(terms.mail.to)).toEqual([told[0].email]);
      for (const part of [terms.mail.text ?? '', String(terms.mail.html)]) {
        expect(part).toContain(`http://localhost:3000/legal/terms/${TERMS}/changes`);
        expect(part).toContain('Acceptable Use Policy’s new section 4.');
      }
      const [privacy] = await mailbox.to(privacyOnly.email);
      expect(privacy.mail.subject).toBe('We have updated our Privacy Policy');
      expect(privacy.mail.text).toContain(`http://localhost:3000/legal/privacy/${PRIVACY}/changes`);
      expect(String(privacy.mail.html)).toContain('Lists what sessions keep &amp; for how long.');

      // Each (document, version, account) was queued once, by one instance, with ids only.
      const jobs = instances()
        .flatMap((i) => i.jobs)
        .filter((j) => j.queue === 'notifications.email' && j.payload['template'] === 'legal-change');
      const keys = jobs.map((j) => `${j.payload['document']} ${j.payload['version']} ${j.payload['accountId']}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(JSON.stringify(jobs)).not.toContain('@');
      for (const j of jobs)
        expect(Object.keys(j.payload).sort()).toEqual(['accountId', 'document', 'template', 'version']);
    }, 60_000);

    it('sends nothing more when the job runs again, nor after a restart', async () => {
      await runEverywhere();
      expect(await received()).toEqual(expected());

      // Restart: the instance that stops takes nothing with it; the new one runs the job as it starts.
      if (other) {
        await other.close();
        other = await startGateway(mode, sharing(gw));
      } else {
        await gw.close();
        gw = await startGateway(mode, env);
      }
      await runEverywhere();
      expect(await received()).toEqual(expected());
      expect(await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM legal_announcements WHERE queued_at IS NULL')).toBe(
        0,
      );
    }, 90_000);

    /** The announcements an address received (their subjects, sorted), once every email job is done. */
    async function announcementsTo(email: string): Promise<string[]> {
      await emailsSettled();
      return (await mailbox.to(email))
        .map((r) => r.mail.subject ?? '')
        .filter((subject) => /^We have updated our /.test(subject))
        .sort();
    }
    const BOTH = ['We have updated our Privacy Policy', 'We have updated our Terms of Service'];

    /** Rows of the account whose email job has not finished. */
    const unsent = (accountId: string): Promise<number> =>
      count(gw.dataSource, 'SELECT COUNT(*) AS n FROM legal_announcements WHERE account_id = ? AND sent_at IS NULL', [
        accountId,
      ]);

    /** A row as a run leaves it when it dies: claimed `claimedAgoMs` ago, queued `queuedAgoMs` ago (or not). */
    async function leaveRow(
      accountId: string,
      document: string,
      version: string,
      claimedAgoMs: number,
      queuedAgoMs: number | null,
    ): Promise<void> {
      await gw.dataSource.getRepository('LegalAnnouncementEntity').insert({
        document,
        version,
        accountId,
        claimedBy: randomUUID(),
        claimedAt: new Date(Date.now() - claimedAgoMs),
        queuedAt: queuedAgoMs === null ? null : new Date(Date.now() - queuedAgoMs),
        sendingAt: null,
        sentAt: null,
      });
    }

    it('waits out an SMTP outage: the announcements arrive once SMTP is back, once each', async () => {
      const late = await accountCreated('late', '2026-05-01 09:00:00');
      await audienceDue();
      mailbox.refuse(true);
      try {
        await runEverywhere();
        // Both emails were tried and refused for now; their rows are queued and not sent.
        await eventually(async () => ((mailbox.rcptAttempts.get(late.email) ?? 0) >= 2 ? true : null), 30_000);
        expect(await unsent(late.id)).toBe(2);
      } finally {
        mailbox.refuse(false);
      }
      // The jobs' retries (seconds apart, growing) send them once SMTP takes mail again.
      await mailbox.mailsTo(late.email, 2, 60_000);
      expect(await announcementsTo(late.email)).toEqual(BOTH);
      expect(await unsent(late.id)).toBe(0);
      await runEverywhere();
      expect(await announcementsTo(late.email)).toEqual(BOTH);
    }, 90_000);

    it('queues again, once, the rows of a run that died: queued long ago but never sent, or claimed and never queued', async () => {
      const lost = await accountCreated('lost', '2026-05-01 09:00:00');
      const crashed = await accountCreated('crashed', '2026-05-01 09:00:00');
      // `lost`: queued two hours ago, its job gone with an in-process queue; `crashed`: claimed 20 minutes ago.
      for (const [document, version] of [
        ['terms', TERMS],
        ['privacy', PRIVACY],
      ]) {
        await leaveRow(lost.id, document, version, 2 * 3_600_000, 2 * 3_600_000);
        await leaveRow(crashed.id, document, version, 20 * 60_000, null);
      }
      await runEverywhere();
      await mailbox.mailsTo(lost.email, 2, 30_000);
      await mailbox.mailsTo(crashed.email, 2, 30_000);
      expect(await announcementsTo(lost.email)).toEqual(BOTH);
      expect(await announcementsTo(crashed.email)).toEqual(BOTH);
      expect(await unsent(lost.id)).toBe(0);
      expect(await unsent(crashed.id)).toBe(0);

      await runEverywhere();
      expect(await announcementsTo(lost.email)).toEqual(BOTH);
      expect(await announcementsTo(crashed.email)).toEqual(BOTH);
    }, 60_000);

    it('tells an account reactivated after the pass over the audience at the next pass, once', async () => {
      const back = await accountCreated('back', '2026-05-01 09:00:00');
      await gw.app.get(AccountsService).setStatus(back.id, 'suspended');
      await audienceDue();
      await runEverywhere();
      expect(await announcementsTo(back.email)).toEqual([]);
      await gw.app.get(AccountsService).setStatus(back.id, 'active');
      // Runs until the pass is due again skip the audience (and so this account) …
      await runEverywhere();
      expect(await announcementsTo(back.email)).toEqual([]);
      // … and the next pass tells it.
      await audienceDue();
      await runEverywhere();
      await mailbox.mailsTo(back.email, 2, 30_000);
      expect(await announcementsTo(back.email)).toEqual(BOTH);
    }, 60_000);

    it('sends one email for a row whose job is queued twice, on every instance', async () => {
      const twice = await accountCreated('twice', '2026-05-01 09:00:00');
      await leaveRow(twice.id, 'terms', TERMS, 0, 0);
      const notice = { accountId: twice.id, document: 'terms' as const, version: TERMS };
      // Different rounds, so the queues do not fold them into one job: every job runs.
      await Promise.all(
        instances().flatMap((i, n) => [
          i.app.get(LegalAnnouncementMailer).announce(notice, 1_000 + 2 * n),
          i.app.get(LegalAnnouncementMailer).announce(notice, 1_001 + 2 * n),
        ]),
      );
      await mailbox.mailsTo(twice.email, 1, 30_000);
      expect(await announcementsTo(twice.email)).toEqual(['We have updated our Terms of Service']);
      expect(await unsent(twice.id)).toBe(0);
    }, 60_000);
  });
});
