/**
 * The retention scheduler: every lib's retention rule (a RetentionTask) runs as a queued job, proposed
 * once per period by every long-running instance, and each run writes what it deleted — kind, rule and
 * count, never content — to the retention audit log that admins read. A second run deletes nothing more.
 */
import { RequestLogRepository } from '@vipcloud/gateway';
import { JobQueue, JobScheduler } from '@vipcloud/platform';
import { retentionJobName, RetentionScheduler, RightsRequestsService } from '@vipcloud/privacy';
import {
  createAccount,
  daysAgo,
  eventually,
  Gateway,
  graphql,
  MODES,
  requestLogRow,
  signIn,
  signedInAccount,
  startGateway,
} from './kit';

const DAY = 24 * 3600_000;
const AUDIT = 'query($limit: Int) { retentionAudit(limit: $limit) { kind rule deleted ranAt } }';
const KINDS = [
  'accounts.sessions',
  'billing.records',
  'billing.settlement-records',
  'gateway.request-metadata',
  'privacy.rights-requests',
];

interface AuditRow {
  kind: string;
  rule: string;
  deleted: number;
  ranAt: string;
}

describe.each(MODES)('retention scheduler (%s)', (mode) => {
  let gw: Gateway;
  let admin: string;

  beforeAll(async () => {
    gw = await startGateway(mode);
    admin = (await signIn(gw, (await createAccount(gw, { prefix: 'admin', role: 'admin' })).id)).token;
  });
  afterAll(() => gw?.close());

  const auditRows = async (): Promise<AuditRow[]> =>
    (await graphql(gw, admin)(AUDIT, { limit: 1000 }).expect(200)).body.data.retentionAudit;

  /** Audit rows per kind (MariaDB keeps whole seconds: runs within one second have no order). */
  async function byKind(): Promise<Map<string, AuditRow[]>> {
    const map = new Map<string, AuditRow[]>();
    for (const row of await auditRows()) map.set(row.kind, [...(map.get(row.kind) ?? []), row]);
    return map;
  }

  /** Queues one run of every rule, as the scheduler would, and returns each rule's new audit row. */
  async function runAll(): Promise<Map<string, AuditRow>> {
    const before = await byKind();
    const queue = gw.app.get(JobQueue);
    for (const kind of KINDS) await queue.enqueue(retentionJobName(kind), {});
    const after = await eventually(async () => {
      await gw.settle();
      const now = await byKind();
      return KINDS.every((k) => (now.get(k)?.length ?? 0) === (before.get(k)?.length ?? 0) + 1) ? now : null;
    }, 15_000);
    const added = new Map<string, AuditRow>();
    for (const kind of KINDS) {
      // The new row: the one whose (deleted, ranAt) pair was not there before.
      const seen = (before.get(kind) ?? []).map((r) => JSON.stringify(r));
      const rows = (after.get(kind) ?? []).filter((r) => {
        const i = seen.indexOf(JSON.stringify(r));
        if (i < 0) return true;
        seen.splice(i, 1);
        return false;
      });
      expect(rows).toHaveLength(1);
      added.set(kind, rows[0]);
    }
    return added;
  }

  it('schedules one job per retention rule of every lib', () => {
    expect(
      gw.app
        .get(RetentionScheduler)
        .tasks()
        .map((t) => t.kind),
    ).toEqual(expect.arrayContaining(KINDS));
    const scheduled = gw.app.get(JobScheduler).scheduled();
    for (const kind of KINDS) expect(scheduled).toContain(retentionJobName(kind));
    if (gw.worker) expect(gw.worker.get(JobScheduler).scheduled()).toEqual(expect.arrayContaining([...scheduled]));
  });

  it('audits each run with its count, never content; a second run deletes nothing more', async () => {
    const user = await signedInAccount(gw, { prefix: 'kept' });
    // Request metadata: two rows past 30 days, one within.
    const logs = gw.app.get(RequestLogRepository);
    await logs.insertMany([
      requestLogRow(user.accountId, 'key-1', 31 * 86_400),
      requestLogRow(user.accountId, 'key-1', 40 * 86_400),
      requestLogRow(user.accountId, 'key-1', 29 * 86_400),
    ]);
    // A rights request answered 4 years ago, one answered last year.
    const rights = gw.app.get(RightsRequestsService);
    const old = await daysAgo(gw, 4 * 365, () => rights.recordSelfService(user.accountId, 'EXPORT', 'COMPLETED'));
    const recent = await daysAgo(gw, 365, () => rights.recordSelfService(user.accountId, 'EXPORT', 'COMPLETED'));

    const first = await runAll();
    expect([...first.keys()].sort()).toEqual(KINDS);
    expect(first.get('gateway.request-metadata')).toMatchObject({ deleted: 2, rule: '30 days after the request' });
    expect(first.get('privacy.rights-requests')).toMatchObject({ deleted: 1 });
    expect(first.get('accounts.sessions')?.rule).toBe('30 days after the session ended');
    for (const row of first.values()) {
      expect(Date.now() - Date.parse(row.ranAt)).toBeLessThan(60_000);
      expect(row.deleted).toBeGreaterThanOrEqual(0);
    }
    const left = (await gw.dataSource.query('SELECT created_at FROM request_logs WHERE account_id = ?', [
      user.accountId,
    ])) as unknown[];
    expect(left).toHaveLength(1);
    const ids = (
      (await gw.dataSource.query('SELECT id FROM privacy_rights_requests WHERE account_id = ?', [
        user.accountId,
      ])) as Array<{ id: string }>
    ).map((r) => r.id);
    expect(ids).toEqual([recent.id]);
    expect(ids).not.toContain(old.id);

    // The audit log names kinds and counts only.
    const table = JSON.stringify(await gw.dataSource.query('SELECT * FROM privacy_retention_audit'));
    expect(table).not.toContain(user.accountId);
    expect(table).not.toContain(user.email);

    const second = await runAll();
    for (const kind of KINDS) expect(second.get(kind)?.deleted).toBe(0);
  });

  it('keeps the audit log from anyone but admins, and caps what one query returns', async () => {
    const support = await signIn(gw, (await createAccount(gw, { prefix: 'support', role: 'support' })).id);
    const refused = await graphql(gw, support.token)(AUDIT);
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const one = (await graphql(gw, admin)(AUDIT, { limit: 1 }).expect(200)).body.data.retentionAudit;
    expect(one.length).toBeLessThanOrEqual(1);
    const dflt = (await graphql(gw, admin)('{ retentionAudit { kind } }').expect(200)).body.data.retentionAudit;
    expect(dflt.length).toBeLessThanOrEqual(100);
  });

  it('runs a rule once per period however many instances propose it', async () => {
    // Every instance proposes the current window's job id; the queue accepts it once.
    const before = (await auditRows()).filter((r) => r.kind === 'privacy.rights-requests').length;
    const queue = gw.app.get(JobQueue);
    const window = Math.floor(Date.now() / DAY);
    const jobId = `retention-privacy-rights-requests-test-${window}`;
    await Promise.all([1, 2, 3].map(() => queue.enqueue(retentionJobName('privacy.rights-requests'), {}, { jobId })));
    await eventually(async () => {
      await gw.settle();
      return (await auditRows()).filter((r) => r.kind === 'privacy.rights-requests').length > before;
    }, 15_000);
    await new Promise((r) => setTimeout(r, 500));
    await gw.settle();
    expect((await auditRows()).filter((r) => r.kind === 'privacy.rights-requests').length).toBe(before + 1);
  });
});
