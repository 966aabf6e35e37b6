/**
 * Rights requests: each has a type, a status and a due date 30 days after receipt. The user sees
 * their own (never another's); support sees everyone's by due date with the overdue ones flagged,
 * records the ones that arrive by email (linked to the account with that address) and moves them on.
 * Time is moved with the application's injectable clock.
 */
import { RightsRequestsService } from '@vipcloud/privacy';
import { createAccount, daysAgo, Gateway, graphql, MODES, signedInAccount, signIn, startGateway } from './kit';

const DAY = 24 * 3600_000;
const MINE = '{ myRightsRequests { id type status receivedAt dueAt overdue closedAt description } }';
const OBJECT = `mutation($d: String!) { objectToProcessing(description: $d) { id type status dueAt overdue description } }`;
const QUEUE = `query($all: Boolean) { rightsRequestQueue(includeClosed: $all) {
  id type status receivedAt dueAt overdue closedAt description accountEmail contactEmail source note } }`;
const RECORD = `mutation($type: RightsRequestType!, $email: String!, $at: DateTime!, $d: String!) {
  recordRightsRequest(type: $type, contactEmail: $email, receivedAt: $at, description: $d) {
    id type status receivedAt dueAt overdue accountEmail contactEmail source } }`;
const UPDATE = `mutation($id: ID!, $status: RightsRequestStatus!, $note: String) {
  updateRightsRequest(id: $id, status: $status, note: $note) { id status closedAt note overdue } }`;

describe.each(MODES)('rights requests (%s)', (mode) => {
  let gw: Gateway;
  let support: string;

  beforeAll(async () => {
    gw = await startGateway(mode);
    support = (await signIn(gw, (await createAccount(gw, { prefix: 'support', role: 'support' })).id)).token;
  });
  afterAll(() => gw?.close());

  it('files an objection the user then sees, due 30 days later; another user sees none of it', async () => {
    const user = await signedInAccount(gw);
    const other = await signedInAccount(gw);
    const res = await graphql(gw, user.token)(OBJECT, { d: '  Stop using my usage for product analytics.  ' }).expect(
      200,
    );
    const filed = res.body.data.objectToProcessing;
    expect(filed).toMatchObject({
      type: 'OBJECTION',
      status: 'OPEN',
      overdue: false,
      description: 'Stop using my usage for product analytics.',
    });
    const mine = (await graphql(gw, user.token)(MINE).expect(200)).body.data.myRightsRequests;
    expect(mine).toHaveLength(1);
    expect(Date.parse(mine[0].dueAt) - Date.parse(mine[0].receivedAt)).toBe(30 * DAY);
    expect((await graphql(gw, other.token)(MINE).expect(200)).body.data.myRightsRequests).toEqual([]);

    const blank = await graphql(gw, user.token)(OBJECT, { d: '   ' });
    expect(blank.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('gives support the queue by due date, overdue ones flagged, and keeps it from users', async () => {
    const service = gw.app.get(RightsRequestsService);
    const user = await signedInAccount(gw);
    // Received 40, 10 and 31 days ago: the first and third are overdue.
    const old = await daysAgo(gw, 40, () => service.recordSelfService(user.accountId, 'DELETION', 'IN_PROGRESS'));
    const recent = await daysAgo(gw, 10, () => service.recordSelfService(user.accountId, 'EXPORT', 'OPEN'));
    const month = await daysAgo(gw, 31, () => service.recordSelfService(user.accountId, 'CORRECTION', 'OPEN'));
    const answered = await daysAgo(gw, 50, () => service.recordSelfService(user.accountId, 'EXPORT', 'COMPLETED'));

    const queue = (await graphql(gw, support)(QUEUE).expect(200)).body.data.rightsRequestQueue as Array<{
      id: string;
      overdue: boolean;
      dueAt: string;
      accountEmail: string | null;
      source: string;
    }>;
    const ours = queue.filter((r) => [old.id, recent.id, month.id, answered.id].includes(r.id));
    expect(ours.map((r) => r.id)).toEqual([old.id, month.id, recent.id]);
    expect(ours.map((r) => r.overdue)).toEqual([true, true, false]);
    expect(ours.every((r) => r.accountEmail === user.email && r.source === 'portal')).toBe(true);
    const dues = queue.map((r) => Date.parse(r.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));

    const all = (await graphql(gw, support)(QUEUE, { all: true }).expect(200)).body.data.rightsRequestQueue;
    expect(all.find((r: { id: string }) => r.id === answered.id)).toMatchObject({
      status: 'COMPLETED',
      overdue: false,
    });

    // The user sees their own, overdue flag included; not the queue.
    const mine = (await graphql(gw, user.token)(MINE).expect(200)).body.data.myRightsRequests;
    expect(mine.map((r: { id: string }) => r.id)).toEqual([recent.id, month.id, old.id, answered.id]);
    expect(mine.find((r: { id: string }) => r.id === old.id).overdue).toBe(true);
    const refused = await graphql(gw, user.token)(QUEUE);
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');

    // Moving the clock on makes the recent one overdue too (the service: a session would go idle meanwhile).
    const later = await daysAgo(gw, -25, () => service.queue(false));
    expect(later.find((c) => c.request.id === recent.id)?.overdue).toBe(true);
  });

  it('records a request that came by email, linked to the account with that address, or to none', async () => {
    const user = await createAccount(gw, { prefix: 'mailer' });
    const receivedAt = new Date(Date.now() - 3 * DAY);
    receivedAt.setUTCMilliseconds(0);
    const linked = await graphql(gw, support)(RECORD, {
      type: 'ACCESS',
      email: ` ${user.email.toUpperCase()} `,
      at: receivedAt.toISOString(),
      d: 'Please send me a copy of my data.',
    }).expect(200);
    const recorded = linked.body.data.recordRightsRequest;
    expect(recorded).toMatchObject({
      type: 'ACCESS',
      status: 'OPEN',
      receivedAt: receivedAt.toISOString(),
      dueAt: new Date(receivedAt.getTime() + 30 * DAY).toISOString(),
      overdue: false,
      accountEmail: user.email,
      contactEmail: user.email,
      source: 'email',
    });
    // The account's owner sees it in the portal.
    const owner = await signIn(gw, user.id);
    const mine = (await graphql(gw, owner.token)(MINE).expect(200)).body.data.myRightsRequests;
    expect(mine.map((r: { id: string }) => r.id)).toEqual([recorded.id]);

    const stranger = await graphql(gw, support)(RECORD, {
      type: 'UNDERAGE_REPORT',
      email: 'parent@example.org',
      at: new Date(Date.now() - 40 * DAY).toISOString(),
      d: 'My child signed up.',
    }).expect(200);
    expect(stranger.body.data.recordRightsRequest).toMatchObject({
      accountEmail: null,
      contactEmail: 'parent@example.org',
      overdue: true,
    });

    const future = await graphql(gw, support)(RECORD, {
      type: 'OTHER',
      email: 'x@example.org',
      at: new Date(Date.now() + DAY).toISOString(),
      d: 'x',
    });
    expect(future.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const bad = await graphql(gw, support)(RECORD, {
      type: 'OTHER',
      email: 'nobody',
      at: receivedAt.toISOString(),
      d: 'x',
    });
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const asUser = await graphql(gw, owner.token)(RECORD, {
      type: 'OTHER',
      email: 'x@example.org',
      at: receivedAt.toISOString(),
      d: 'x',
    });
    expect(asUser.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('lets support move a request on and close it with a note; a closed one leaves the queue', async () => {
    const user = await signedInAccount(gw);
    const filed = (await graphql(gw, user.token)(OBJECT, { d: 'No marketing analysis.' }).expect(200)).body.data
      .objectToProcessing;
    const working = await graphql(gw, support)(UPDATE, { id: filed.id, status: 'IN_PROGRESS' }).expect(200);
    expect(working.body.data.updateRightsRequest).toMatchObject({ status: 'IN_PROGRESS', closedAt: null, note: null });
    const done = await graphql(gw, support)(UPDATE, {
      id: filed.id,
      status: 'COMPLETED',
      note: 'Excluded from analytics.',
    }).expect(200);
    expect(done.body.data.updateRightsRequest).toMatchObject({ status: 'COMPLETED', note: 'Excluded from analytics.' });
    expect(done.body.data.updateRightsRequest.closedAt).toEqual(expect.any(String));

    const open = (await graphql(gw, support)(QUEUE).expect(200)).body.data.rightsRequestQueue;
    expect(open.map((r: { id: string }) => r.id)).not.toContain(filed.id);
    const mine = (await graphql(gw, user.token)(MINE).expect(200)).body.data.myRightsRequests;
    expect(mine[0]).toMatchObject({ id: filed.id, status: 'COMPLETED' });
    // Support's note is theirs: the user's view has no such field (the schema refuses it).
    const noted = await graphql(gw, user.token)('{ myRightsRequests { note } }');
    expect(noted.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const missing = await graphql(gw, support)(UPDATE, {
      id: '00000000-0000-0000-0000-000000000000',
      status: 'COMPLETED',
    });
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const asUser = await graphql(gw, user.token)(UPDATE, { id: filed.id, status: 'REJECTED' });
    expect(asUser.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});
