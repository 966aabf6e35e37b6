import { Injectable } from '@nestjs/common';
import { PersonalDataRegistry } from '../personal-data/personal-data.registry';
import { PERSONAL_DATA_CATEGORIES, PersonalDataCategory, PersonalDataRow } from '../ports/personal-data-source.port';

/** How many of each kind's newest records the overview shows. */
export const OVERVIEW_NEWEST = 5;

export interface PersonalDataKindSummary {
  kind: string;
  count: number;
  newest: PersonalDataRow[];
}

export interface PersonalDataGroupSummary {
  category: PersonalDataCategory;
  kinds: PersonalDataKindSummary[];
}

/**
 * The right of access as one page: every kind of personal data the libs hold about the account,
 * grouped as the privacy policy's "What we collect" table, with counts and the newest records.
 */
@Injectable()
export class PrivacyOverviewService {
  constructor(private readonly registry: PersonalDataRegistry) {}

  async overview(accountId: string): Promise<PersonalDataGroupSummary[]> {
    const sources = this.registry.sources();
    const summaries = await Promise.all(
      sources.map(async (s) => ({ source: s, summary: await s.summarize(accountId, OVERVIEW_NEWEST) })),
    );
    return PERSONAL_DATA_CATEGORIES.flatMap((category) => {
      const kinds = summaries
        .filter(({ source }) => source.category === category)
        .sort((a, b) => a.source.kind.localeCompare(b.source.kind))
        .map(({ source, summary }) => ({
          kind: source.kind,
          count: summary.count,
          newest: summary.newest.slice(0, OVERVIEW_NEWEST),
        }));
      return kinds.length > 0 ? [{ category, kinds }] : [];
    });
  }
}
