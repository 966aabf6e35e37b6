/**
 * Retention of portal sessions (privacy policy §5): a session's record is deleted 30 days after it
 * ends — at sign-out or suspension, or when it went idle or reached its absolute timeout even if
 * nobody presented it again — by a daily job and by `sessions:purge-ended`. Younger records, live
 * sessions and other accounts' rows stay. Sessions are started and used in the past by moving the
 * application's injectable clock; the purge itself runs at the real time.
 */
import { PURGE_ENDED_SESSIONS_JOB, SessionsService } from '@vipcloud/accounts';
import { JobQueue } from '@vipcloud/platform';
import { runCli } from '../src/cli.runner';
import {
  cliConfig,
  createAccount,
  daysAgo,
  eventually,
  Gateway,
  graphql,
  MODES,
  signIn,
  SignedIn,
  startGateway,
} from './kit';

const DAY = 24 * 3600_000;
const SETTINGS = { SESSION_IDLE_TIMEOUT_MS: String(7 * DAY), SESSION_ABSOLUTE_TIMEOUT_MS: String(30 * DAY) };
const ME = '{ me { id } }';

/** A DATETIME as the driver returns it (MySQL: a Date; SQLite: UTC text), in ms. */
function millis(v: unknown): number {
  return v instanceof Date ? v.getTime() : Date.parse(`${String(v).replace(' ', 'T')}Z`);
}

describe.each(MODES)('portal session retention (%s)', (mode) => {
  let gw: Gateway;

  beforeAll(async () => {
    gw = await startGateway(mode, SETTINGS);
  });
  afterAll(() => gw?.close());

  const sessions = () => gw.app.get(SessionsService);
  const startedAgo = (days: number, accountId = gw.accountId): Promise<SignedIn> =>
    daysAgo(gw, days, () => signIn(gw, accountId));
  const endedAgo = (s: SignedIn, days: number): Promise<void> =>
    daysAgo(gw, days, () => sessions().end(s.accountId, s.id));
  /** Presents the session on each of those days, as a browser in use would. */
  async function usedAgo(s: SignedIn, ...days: number[]): Promise<void> {
    for (const d of days) expect(await daysAgo(gw, d, () => sessions().resolve(s.token))).not.toBeNull();
  }

  const ids = async (accountId: string): Promise<string[]> =>
    ((await gw.dataSource.query('SELECT id FROM sessions WHERE account_id = ?', [accountId])) as Array<{ id: string }>)
      .map((r) => r.id)
      .sort();
  const rowsOf = (accountId: string): Promise<unknown[]> =>
    gw.dataSource.query('SELECT * FROM sessions WHERE account_id = ? ORDER BY id', [accountId]);
  const whoAmI = async (token: string): Promise<string | null> =>
    ((await graphql(gw, token)(ME)).body.data?.me?.id as string | undefined) ?? null;

  it('deletes the records of sessions that ended over 30 days ago, and only those', async () => {
    // Signed out 31 days ago: goes. Signed out 29 days ago: stays.
    const endedOld = await startedAgo(32);
    await endedAgo(endedOld, 31);
    const endedRecent = await startedAgo(33);
    await endedAgo(endedRecent, 29);
    // Never marked ended, idle since 38 and 36 days ago: ended 31 and 29 days ago (7 days idle).
    const idleOld = await startedAgo(38);
    const idleRecent = await startedAgo(36);
    // Never marked ended, in use until 33 and 35 days ago, so the absolute timeout came first:
    // 31 and 29 days ago.
    const expiredOld = await startedAgo(61);
    await usedAgo(expiredOld, 55, 49, 43, 37, 33);
    const expiredRecent = await startedAgo(59);
    await usedAgo(expiredRecent, 53, 47, 41, 35);
    const live = await signIn(gw, gw.accountId);
    const liveSince = await startedAgo(2);

    // Another account: a live session and one signed out ten days ago, neither due.
    const bystander = await createAccount(gw, { prefix: 'bystander' });
    const theirs = await startedAgo(3, bystander.id);
    const theirsEnded = await startedAgo(12, bystander.id);
    await endedAgo(theirsEnded, 10);
    const theirRows = await rowsOf(bystander.id);

    const kept = [endedRecent, idleRecent, expiredRecent, live, liveSince].map((s) => s.id).sort();
    const gone = [endedOld, idleOld, expiredOld];
    expect(await ids(gw.accountId)).toEqual([...kept, ...gone.map((s) => s.id)].sort());

    // The scheduled job, run once through the queue (in-process, or on the worker through Redis).
    await gw.app.get(JobQueue).enqueue(PURGE_ENDED_SESSIONS_JOB, {});
    await eventually(async () => {
      await gw.settle();
      return (await ids(gw.accountId)).length === kept.length;
    }, 10_000);
    expect(await ids(gw.accountId)).toEqual(kept);
    expect(await rowsOf(bystander.id)).toEqual(theirRows);

    // The owner's live sessions keep working; a purged one is simply unknown.
    expect(await whoAmI(live.token)).toBe(gw.accountId);
    expect(await whoAmI(liveSince.token)).toBe(gw.accountId);
    expect(await whoAmI(theirs.token)).toBe(bystander.id);
    for (const s of gone) expect(await whoAmI(s.token)).toBeNull();

    // Presented again, an expired session is recorded as ended when it expired, not now, so it
    // is deleted 30 days after its real end.
    expect(await whoAmI(expiredRecent.token)).toBeNull();
    const [row] = (await gw.dataSource.query('SELECT ended_at, expires_at FROM sessions WHERE id = ?', [
      expiredRecent.id,
    ])) as Array<{ ended_at: unknown; expires_at: unknown }>;
    expect(millis(row.ended_at)).toBe(millis(row.expires_at));
    expect(await sessions().purgeEnded()).toBe(0);

    // Running again, from the CLI or the service, deletes nothing more.
    const out: string[] = [];
    expect(await runCli(['sessions:purge-ended'], cliConfig(gw, SETTINGS), (l) => out.push(l))).toBe(0);
    expect(out).toEqual(['deleted 0 ended session(s)']);
    expect(await ids(gw.accountId)).toEqual(kept);
    expect(await whoAmI(live.token)).toBe(gw.accountId);
  });

  it('deletes a backlog larger than one batch', async () => {
    const account = await createAccount(gw, { prefix: 'backlog' });
    const old = await daysAgo(gw, 40, () =>
      Promise.all(Array.from({ length: 501 }, () => sessions().start(account.id))),
    );
    await daysAgo(gw, 35, () => sessions().endAll(account.id));
    const keep = await signIn(gw, account.id);
    expect(await sessions().purgeEnded()).toBe(old.length);
    expect(await ids(account.id)).toEqual([keep.id]);
  });
});
