import type { Clock } from '@vipcloud/platform';
import type { PrivacyPolicyVersion } from '../ports/privacy-policy-version.port';
import type { RightsRequestsService } from '../rights/rights-requests.service';
import type { ConsentEntity } from './consent.entity';
import type { ConsentsRepository } from './consents.repository';
import { ConsentsService } from './consents.service';

function setup() {
  const current = new Map<string, ConsentEntity>();
  const history: ConsentEntity[] = [];
  const repo = {
    find: async (accountId: string, kind: string) => current.get(`${accountId}/${kind}`) ?? null,
    listOf: async (accountId: string) => [...current.values()].filter((c) => c.accountId === accountId),
    record: async (c: ConsentEntity) => {
      current.set(`${c.accountId}/${c.kind}`, { ...c });
      history.push({ ...c });
    },
  } as unknown as ConsentsRepository;
  const recorded: unknown[][] = [];
  const rights = {
    recordSelfService: async (...args: unknown[]) => void recorded.push(args),
  } as unknown as RightsRequestsService;
  let version: string | null = '2026-11-28';
  const policy = { current: () => version } as PrivacyPolicyVersion;
  const clock = { now: () => new Date('2026-11-28T12:00:00Z') } as Clock;
  const service = new ConsentsService(repo, policy, rights, clock);
  return { service, history, recorded, setVersion: (v: string | null) => (version = v) };
}

describe('ConsentsService', () => {
  it('lists every kind, unanswered ones as not granted', async () => {
    const { service } = setup();
    await service.set('a', 'product_emails', true);
    expect(await service.list('a')).toEqual([
      { kind: 'debug_captures', granted: false, policyVersion: null, changedAt: null },
      { kind: 'product_emails', granted: true, policyVersion: '2026-11-28', changedAt: expect.any(Date) },
    ]);
  });

  it('records each change once with the policy version in effect, and a withdrawal as a completed request', async () => {
    const { service, history, recorded, setVersion } = setup();
    await service.set('a', 'debug_captures', true);
    await service.set('a', 'debug_captures', true);
    expect(history).toHaveLength(1);
    setVersion('2027-01-01');
    const withdrawn = await service.set('a', 'debug_captures', false);
    expect(withdrawn).toMatchObject({ granted: false, policyVersion: '2027-01-01' });
    expect(await service.isGranted('a', 'debug_captures')).toBe(false);
    expect(history).toHaveLength(2);
    expect(recorded).toEqual([['a', 'CONSENT_WITHDRAWAL', 'COMPLETED', 'Withdrew consent: debug_captures']]);
  });

  it('records a first refusal, but not as a withdrawal', async () => {
    const { service, history, recorded } = setup();
    await service.set('b', 'product_emails', false);
    expect(history).toHaveLength(1);
    expect(recorded).toEqual([]);
  });
});
