/**
 * The right to data portability, end to end: a signed-in user asks for an export, a job (the worker,
 * in mysql+redis mode) builds a ZIP of every kind of data held about them, the owner downloads it
 * (from any instance), a standard reader opens it, and it holds nothing of anyone else's and no secret.
 * One export at a time; only its owner's session may download it; 7 days later the file is gone.
 */
import type { INestApplicationContext } from '@nestjs/common';
import {
  DATA_EXPORT_JOB,
  DataExportBuilder,
  DataExportRetentionTask,
  PersonalDataRegistry,
  PrivacyMailer,
} from '@vipcloud/privacy';
import request from 'supertest';
import yauzl from 'yauzl';
import {
  count,
  daysAgo,
  eventually,
  Gateway,
  graphql,
  MODES,
  sessionCookie,
  signedInAccount,
  startGateway,
} from './kit';
import { SeededPerson, seedPerson } from './support/personal-data-seed';

const EXPORT_FIELDS = 'id status progress requestedAt readyAt expiresAt downloadUrl';
const REQUEST = `mutation { requestDataExport { ${EXPORT_FIELDS} } }`;
const LIST = `{ myDataExports { ${EXPORT_FIELDS} } }`;

/** Every file of a ZIP, by name, read with yauzl (a standard reader, not the library that wrote it). */
function unzip(archive: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(archive, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const files = new Map<string, string>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const parts: Buffer[] = [];
          stream.on('data', (p: Buffer) => parts.push(p));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(parts).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void): void => {
  const parts: Buffer[] = [];
  res.on('data', (p: Buffer) => parts.push(p));
  res.on('end', () => done(null, Buffer.concat(parts)));
};

interface Sent {
  accountId: string;
  exportId: string;
  expiresAt: Date;
}

/**
 * Records the "export ready" emails wherever the job runs (the API in sqlite mode, the worker in
 * mysql+redis mode): the notifications lib's mailer when it is there (still called through), a
 * recording stand-in otherwise.
 */
function recordExportEmails(contexts: INestApplicationContext[]): Sent[] {
  const sent: Sent[] = [];
  for (const ctx of contexts) {
    const builder = ctx.get(DataExportBuilder) as unknown as { mailer: PrivacyMailer | null };
    const record = async (accountId: string, exportId: string, expiresAt: Date) => {
      sent.push({ accountId, exportId, expiresAt });
    };
    if (builder.mailer) {
      const original = builder.mailer.exportReady.bind(builder.mailer);
      jest.spyOn(builder.mailer, 'exportReady').mockImplementation(async (...args) => {
        await record(...args);
        await original(...args);
      });
    } else {
      builder.mailer = {
        exportReady: record,
        confirmEmailChange: async () => undefined,
        accountClosing: async () => undefined,
      } as PrivacyMailer;
    }
  }
  return sent;
}

describe.each(MODES)('data export (%s)', (mode) => {
  let gw: Gateway;
  /** Another instance on the same database (mysql+redis): the download works whichever one is asked. */
  let other: Gateway;
  let a: SeededPerson;
  let b: SeededPerson;
  let sent: Sent[];
  let jobRunner: INestApplicationContext;
  const holds: Array<() => void> = [];

  beforeAll(async () => {
    gw = await startGateway(mode);
    other = gw.databaseUrl ? await startGateway(mode, { DATABASE_URL: gw.databaseUrl }) : gw;
    a = await seedPerson(gw, 'alice');
    b = await seedPerson(gw, 'bob');
    jobRunner = gw.worker ?? gw.app;
    sent = recordExportEmails([jobRunner]);
  });
  afterAll(async () => {
    // A job still held by a failed test would keep the queue from closing.
    for (const release of holds) release();
    if (other !== gw) await other?.close();
    await gw?.close();
  });

  const asA = () => graphql(gw, a.sessionToken);

  /** Holds the export job until `release` is called (to see it in progress). */
  function holdJobs(): { release: () => void } {
    const builder = jobRunner.get(DataExportBuilder);
    const build = builder.build.bind(builder);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    holds.push(release);
    const spy = jest.spyOn(builder, 'build').mockImplementation(async (id: string) => {
      await gate;
      spy.mockRestore();
      return build(id);
    });
    return { release };
  }

  async function readyExport(id: string): Promise<Record<string, unknown>> {
    return eventually(async () => {
      const list = (await asA()(LIST)).body.data.myDataExports as Array<Record<string, unknown>>;
      const found = list.find((e) => e['id'] === id);
      return found?.['status'] === 'READY' && found;
    }, 20_000);
  }

  let exportId: string;
  let bExportId: string;
  let archive: Buffer;

  it('queues one export at a time, with its progress, and a job payload that holds only its id', async () => {
    const held = holdJobs();
    const queued = await asA()(REQUEST);
    expect(queued.body.errors).toBeUndefined();
    const created = queued.body.data.requestDataExport;
    expect(created).toMatchObject({ status: 'QUEUED', progress: 0, readyAt: null, expiresAt: null, downloadUrl: null });
    exportId = created.id;

    const again = await asA()(REQUEST);
    expect(again.body.errors[0].extensions).toEqual({ code: 'CONFLICT', reason: 'export_in_progress' });
    const listed = (await asA()(LIST)).body.data.myDataExports;
    expect(listed).toHaveLength(1);
    expect(['QUEUED', 'BUILDING']).toContain(listed[0].status);

    const jobs = gw.jobs.filter((j) => j.queue === DATA_EXPORT_JOB);
    expect(jobs).toEqual([{ queue: DATA_EXPORT_JOB, payload: { exportId } }]);
    const payloads = JSON.stringify(jobs);
    for (const value of [a.accountId, a.email, a.displayName, b.accountId]) expect(payloads).not.toContain(value);

    held.release();
    const ready = await readyExport(exportId);
    expect(ready).toMatchObject({ progress: 100, downloadUrl: `/privacy/exports/${exportId}/download` });
    const expiresAt = new Date(ready['expiresAt'] as string).getTime();
    expect(expiresAt - new Date(ready['readyAt'] as string).getTime()).toBe(7 * 24 * 3600_000);
    // Its owner is told, once.
    await eventually(async () => sent.length > 0);
    expect(sent).toEqual([{ accountId: a.accountId, exportId, expiresAt: new Date(expiresAt) }]);
    // Its rights request (data portability) is answered.
    const rights = (await asA()('{ myRightsRequests { type status closedAt } }')).body.data.myRightsRequests;
    expect(rights).toEqual([{ type: 'EXPORT', status: 'COMPLETED', closedAt: expect.any(String) }]);
  });

  it('lets its owner download it, from any instance, as a ZIP a standard reader opens', async () => {
    const res = await request(other.url)
      .get(`/privacy/exports/${exportId}/download`)
      .set('cookie', sessionCookie(a.sessionToken))
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="vipcloud-data-export-\d{4}-\d\d-\d\d\.zip"$/,
    );
    expect(res.headers['cache-control']).toBe('private, no-store');
    archive = res.body as Buffer;
    expect(Number(res.headers['content-length'])).toBe(archive.length);
  });

  it('holds every kind of the owner’s data, a README describing each file, and nothing of anyone else', async () => {
    const files = await unzip(archive);
    const names = [...files.keys()].sort();
    expect(names).toEqual([
      'README.txt',
      'abuse-decisions.csv',
      'abuse-signals.csv',
      'api-keys.csv',
      'consents.csv',
      'data-exports.csv',
      'debug-captures.json',
      'identities.csv',
      'ledger.csv',
      'legal-announcements.csv',
      'pending-email-change.csv',
      'profile-changes.csv',
      'profile.json',
      'purchases.csv',
      'rate-limits.json',
      'request-metadata.csv',
      'rights-requests.csv',
      'sessions.csv',
    ]);
    const readme = files.get('README.txt') ?? '';
    for (const name of names.filter((n) => n !== 'README.txt')) expect(readme).toContain(`${name} (`);

    const profile = JSON.parse(files.get('profile.json') ?? '[]');
    expect(profile).toEqual([expect.objectContaining({ id: a.accountId, email: a.email, displayName: a.displayName })]);
    // The export itself is a rights request, recorded in progress when it was asked for.
    expect(files.get('rights-requests.csv')).toContain('EXPORT');
    const has: Array<[string, string]> = [
      ['identities.csv', a.identitySubject],
      ['api-keys.csv', a.keyName],
      ['sessions.csv', a.sessionId],
      ['ledger.csv', a.ledgerEntryId],
      ['purchases.csv', a.processorTransactionId],
      ['request-metadata.csv', a.requestId],
      ['abuse-signals.csv', a.signalRequestId],
      ['data-exports.csv', exportId],
    ];
    for (const [name, value] of has) expect(files.get(name)).toContain(value);
    // CSV: a header, then one line per record.
    expect((files.get('sessions.csv') ?? '').replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      'id,userAgent,clientIp,createdAt,lastSeenAt,expiresAt,endedAt',
    );
    // Nothing of the other account, no secret, and no expired request metadata, in any file.
    for (const [name, text] of files)
      for (const value of [...b.identifiers, ...b.neverExported, ...a.neverExported])
        expect({ name, found: text.includes(value) ? value : null }).toEqual({ name, found: null });
  });

  it('answers 404 to anyone but its owner, and to unknown or unfinished exports', async () => {
    const get = (id: string, token?: string) => {
      const req = request(gw.url).get(`/privacy/exports/${id}/download`);
      return token ? req.set('cookie', sessionCookie(token)) : req;
    };
    expect((await get(exportId, b.sessionToken)).status).toBe(404);
    expect((await get('00000000-0000-0000-0000-000000000000', a.sessionToken)).status).toBe(404);
    expect((await get(exportId)).status).toBe(401);
    // Another user's list does not show it either.
    expect((await graphql(gw, b.sessionToken)(LIST)).body.data.myDataExports).toEqual([]);
    // An export still being built cannot be downloaded.
    const held = holdJobs();
    const next = (await graphql(gw, b.sessionToken)(REQUEST)).body.data.requestDataExport;
    bExportId = next.id;
    expect((await get(next.id, b.sessionToken)).status).toBe(404);
    held.release();
    await eventually(async () => {
      const list: Array<{ id: string; status: string }> = (await graphql(gw, b.sessionToken)(LIST)).body.data
        .myDataExports;
      return list.find((e) => e.id === bExportId)?.status === 'READY';
    }, 20_000);
  });

  it('deletes the file 7 days after it was ready (not before), and the download stops', async () => {
    const task = gw.app.get(DataExportRetentionTask);
    const chunks = () =>
      count(gw.dataSource, 'SELECT COUNT(*) AS n FROM privacy_data_export_chunks WHERE export_id = ?', [exportId]);
    expect(await chunks()).toBeGreaterThan(0);
    await daysAgo(gw, -6, () => task.purge());
    expect(await chunks()).toBeGreaterThan(0);

    expect(await daysAgo(gw, -8, () => task.purge())).toBeGreaterThanOrEqual(1);
    expect(await chunks()).toBe(0);
    // Run again, it deletes nothing more.
    expect(await daysAgo(gw, -8, () => task.purge())).toBe(0);
    const listed = (await asA()(LIST)).body.data.myDataExports.find((e: { id: string }) => e.id === exportId);
    expect(listed).toMatchObject({ status: 'EXPIRED', downloadUrl: null, expiresAt: null });
    const res = await request(gw.url)
      .get(`/privacy/exports/${exportId}/download`)
      .set('cookie', sessionCookie(a.sessionToken));
    expect(res.status).toBe(404);
    // A new export can be asked for.
    expect((await asA()(REQUEST)).body.data.requestDataExport.status).toBe('QUEUED');
  });

  it('goes with its account: an erasure deletes the export and its file', async () => {
    const rows = (table: string, column: string, id: string) =>
      count(gw.dataSource, `SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`, [id]);
    // The other account's first export expired above; its second one is ready.
    const asB = graphql(gw, b.sessionToken);
    const second = (await asB(REQUEST)).body.data.requestDataExport.id as string;
    await eventually(async () => {
      const listed: Array<{ id: string; status: string }> = (await asB(LIST)).body.data.myDataExports;
      return listed.find((e) => e.id === second)?.status === 'READY';
    }, 20_000);
    expect(await rows('privacy_data_export_chunks', 'export_id', second)).toBeGreaterThan(0);
    const erased = await gw.app.get(PersonalDataRegistry).eraseAll(b.accountId);
    expect(erased.get('privacy.data-exports')).toBe(2);
    expect(await rows('privacy_data_exports', 'account_id', b.accountId)).toBe(0);
    for (const id of [bExportId, second]) expect(await rows('privacy_data_export_chunks', 'export_id', id)).toBe(0);
    // The owner's own is untouched.
    expect(await rows('privacy_data_exports', 'account_id', a.accountId)).toBe(2);
  });

  it('fails an export whose job was lost (a restart of the in-process queue), so its owner can ask again', async () => {
    const someone = await signedInAccount(gw);
    const lostId = '11111111-2222-3333-4444-555555555555';
    // Two hours old and never built: its job went with the process that queued it.
    const twoHoursAgo = new Date(Math.floor(Date.now() / 1000) * 1000 - 2 * 3600_000);
    await gw.dataSource.query(
      'INSERT INTO privacy_data_exports (id, account_id, status, progress, in_progress_account_id, requested_at) VALUES (?, ?, ?, 0, ?, ?)',
      [
        lostId,
        someone.accountId,
        'QUEUED',
        someone.accountId,
        twoHoursAgo.toISOString().slice(0, 19).replace('T', ' '),
      ],
    );
    const asSomeone = graphql(gw, someone.token);
    expect((await asSomeone(REQUEST)).body.data.requestDataExport.status).toBe('QUEUED');
    const listed: Array<{ id: string; status: string }> = (await asSomeone(LIST)).body.data.myDataExports;
    expect(listed.find((e) => e.id === lostId)?.status).toBe('FAILED');
  });
});
