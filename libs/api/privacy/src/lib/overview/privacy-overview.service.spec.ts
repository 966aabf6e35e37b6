import type { PersonalDataRegistry } from '../personal-data/personal-data.registry';
import type { PersonalDataCategory, PersonalDataSource } from '../ports/personal-data-source.port';
import { PrivacyOverviewService } from './privacy-overview.service';

function source(kind: string, category: PersonalDataCategory, count: number): PersonalDataSource {
  return {
    kind,
    category,
    summarize: async (_id: string, limit: number) => ({
      count,
      newest: Array.from({ length: Math.min(count, limit + 3) }, (_, i) => ({ i })),
    }),
  } as unknown as PersonalDataSource;
}

describe('PrivacyOverviewService', () => {
  it("groups the sources by category in the policy's order, kinds sorted, at most five newest", async () => {
    const registry = {
      sources: () => [
        source('privacy.consents', 'consents', 1),
        source('billing.purchases', 'billing', 9),
        source('accounts.profile', 'identity', 1),
        source('accounts.identities', 'identity', 0),
      ],
    } as unknown as PersonalDataRegistry;
    const groups = await new PrivacyOverviewService(registry).overview('a');
    expect(groups.map((g) => [g.category, g.kinds.map((k) => k.kind)])).toEqual([
      ['identity', ['accounts.identities', 'accounts.profile']],
      ['billing', ['billing.purchases']],
      ['consents', ['privacy.consents']],
    ]);
    expect(groups[1].kinds[0]).toMatchObject({ count: 9 });
    expect(groups[1].kinds[0].newest).toHaveLength(5);
  });
});
