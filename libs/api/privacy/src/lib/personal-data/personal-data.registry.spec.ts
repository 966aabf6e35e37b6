import type { DiscoveryService } from '@nestjs/core';
import type { JobQueue } from '@vipcloud/platform';
import { PersonalDataSource, type PersonalDataCategory } from '../ports/personal-data-source.port';
import { ErasureDeferredError } from './erasure-deferred.error';
import { PersonalDataRegistry } from './personal-data.registry';

/** A source that records its erasures and may say the account cannot be erased yet. */
class FakeSource extends PersonalDataSource {
  readonly category: PersonalDataCategory = 'identity';
  readonly erased: string[] = [];
  blockedBy: string | null = null;

  constructor(
    readonly kind: string,
    override readonly eraseOrder: number,
  ) {
    super();
  }

  summarize(): Promise<{ count: number; newest: [] }> {
    return Promise.resolve({ count: 0, newest: [] });
  }

  export(): Promise<[]> {
    return Promise.resolve([]);
  }

  erase(accountId: string): Promise<number> {
    this.erased.push(accountId);
    return Promise.resolve(1);
  }

  override erasureBlockedBy(): Promise<string | null> {
    return Promise.resolve(this.blockedBy);
  }
}

function registryOf(sources: PersonalDataSource[]): { registry: PersonalDataRegistry; discarded: string[] } {
  const discarded: string[] = [];
  const discovery = { getProviders: () => sources.map((instance) => ({ instance })) } as unknown as DiscoveryService;
  const queue = {
    discardMentioning: (accountId: string) => {
      discarded.push(accountId);
      return Promise.resolve(0);
    },
  } as unknown as JobQueue;
  return { registry: new PersonalDataRegistry(discovery, queue), discarded };
}

describe('PersonalDataRegistry.eraseAll', () => {
  it('erases every source in erase order, then the queued jobs', async () => {
    const billing = new FakeSource('billing.ledger', 10);
    const profile = new FakeSource('accounts.profile', 100);
    const { registry, discarded } = registryOf([profile, billing]);
    const erased = await registry.eraseAll('a1');
    expect([...erased.keys()]).toEqual(['billing.ledger', 'accounts.profile', 'platform.queued-jobs']);
    expect([billing.erased, profile.erased, discarded]).toEqual([['a1'], ['a1'], ['a1']]);
  });

  it('erases nothing while any source says work in flight would write about the account afterwards', async () => {
    const billing = new FakeSource('billing.ledger', 10);
    const profile = new FakeSource('accounts.profile', 100);
    profile.blockedBy = 'a request still running';
    const { registry, discarded } = registryOf([billing, profile]);
    await expect(registry.eraseAll('a1')).rejects.toThrow(ErasureDeferredError);
    await expect(registry.erasureBlockers('a1')).resolves.toEqual(['accounts.profile: a request still running']);
    // All or nothing: not even the sources before the one in the way.
    expect([billing.erased, profile.erased, discarded]).toEqual([[], [], []]);
  });
});
