import type { Clock } from '@vipcloud/platform';
import type { AccountLookup } from '../ports/account-lookup.port';
import type { RightsRequestEntity } from './rights-request.entity';
import type { RightsRequestsRepository } from './rights-requests.repository';
import { InvalidRightsRequestError, RightsRequestNotFoundError } from './rights-requests.errors';
import { RIGHTS_REQUEST_DUE_MS, RightsRequestsService } from './rights-requests.service';

const T0 = Date.parse('2026-11-01T00:00:00Z');

function setup() {
  let now = T0;
  const rows = new Map<string, RightsRequestEntity>();
  const repo = {
    insert: async (r: RightsRequestEntity) => void rows.set(r.id, { ...r }),
    findById: async (id: string) => rows.get(id) ?? null,
    update: async (id: string, changes: Partial<RightsRequestEntity>) =>
      void rows.set(id, { ...(rows.get(id) as RightsRequestEntity), ...changes }),
  } as unknown as RightsRequestsRepository;
  const lookup = {
    idByEmail: async (email: string) => (email === 'known@example.com' ? 'acc-1' : null),
    emailsOf: async (ids: string[]) => new Map(ids.filter((i) => i === 'acc-1').map((i) => [i, 'known@example.com'])),
  } as AccountLookup;
  const clock = { now: () => new Date(now), nowMs: () => now } as Clock;
  const service = new RightsRequestsService(repo, lookup, clock);
  return { service, rows, advance: (ms: number) => (now += ms) };
}

describe('RightsRequestsService', () => {
  it('is due 30 days after receipt, and overdue only while unanswered past it', async () => {
    const { service, advance } = setup();
    const open = await service.recordSelfService('acc-1', 'EXPORT', 'OPEN');
    const done = await service.recordSelfService('acc-1', 'EXPORT', 'COMPLETED');
    expect(open.dueAt.getTime() - open.receivedAt.getTime()).toBe(RIGHTS_REQUEST_DUE_MS);
    expect(open.closedAt).toBeNull();
    expect(done.closedAt).toEqual(new Date(T0));
    advance(RIGHTS_REQUEST_DUE_MS);
    expect(service.isOverdue(open)).toBe(false);
    advance(1);
    expect(service.isOverdue(open)).toBe(true);
    expect(service.isOverdue(done)).toBe(false);
  });

  it('stamps closedAt once when closed, clears it when reopened, and keeps the note unless given', async () => {
    const { service, advance } = setup();
    const r = await service.recordSelfService('acc-1', 'OBJECTION', 'OPEN', 'x');
    advance(1000);
    const closed = await service.update(r.id, 'REJECTED', ' not applicable ');
    expect(closed.request).toMatchObject({ status: 'REJECTED', note: 'not applicable', closedAt: new Date(T0 + 1000) });
    advance(1000);
    const again = await service.update(r.id, 'COMPLETED', undefined);
    expect(again.request).toMatchObject({ closedAt: new Date(T0 + 1000), note: 'not applicable' });
    const reopened = await service.update(r.id, 'IN_PROGRESS', null);
    expect(reopened.request).toMatchObject({ closedAt: null, note: null });
    await expect(service.update('nope', 'OPEN', null)).rejects.toBeInstanceOf(RightsRequestNotFoundError);
  });

  it('links an emailed request to the account with that address, and validates what support typed', async () => {
    const { service } = setup();
    const linked = await service.recordFromEmail({
      type: 'ACCESS',
      contactEmail: ' Known@Example.com ',
      receivedAt: new Date(T0 - 1000),
      description: 'copy please',
    });
    expect(linked.request).toMatchObject({ accountId: 'acc-1', contactEmail: 'known@example.com', source: 'email' });
    expect(linked.accountEmail).toBe('known@example.com');
    const unknown = await service.recordFromEmail({
      type: 'OTHER',
      contactEmail: 'who@example.com',
      receivedAt: new Date(T0),
      description: 'x',
    });
    expect(unknown.request.accountId).toBeNull();
    for (const bad of [
      { contactEmail: 'nobody', receivedAt: new Date(T0), description: 'x' },
      { contactEmail: 'a@b.cd', receivedAt: new Date(T0 + 3600_000), description: 'x' },
      { contactEmail: 'a@b.cd', receivedAt: new Date(Number.NaN), description: 'x' },
      { contactEmail: 'a@b.cd', receivedAt: new Date(T0), description: '  ' },
      { contactEmail: 'a@b.cd', receivedAt: new Date(T0), description: 'x'.repeat(5001) },
    ]) {
      await expect(service.recordFromEmail({ type: 'OTHER', ...bad })).rejects.toBeInstanceOf(
        InvalidRightsRequestError,
      );
    }
  });
});
