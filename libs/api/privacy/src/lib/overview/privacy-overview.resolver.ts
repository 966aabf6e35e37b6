import { Query, Resolver } from '@nestjs/graphql';
import { Access, CurrentPrincipal, type Principal } from '@vipcloud/platform';
import type { PersonalDataRow } from '../ports/personal-data-source.port';
import { PersonalDataEntryModel, PersonalDataGroupModel } from './privacy-overview.model';
import { PrivacyOverviewService } from './privacy-overview.service';

function toEntry(row: PersonalDataRow): PersonalDataEntryModel {
  return {
    fields: Object.entries(row).map(([name, value]) => ({ name, value: value === null ? null : String(value) })),
  };
}

@Resolver()
export class PrivacyOverviewResolver {
  constructor(private readonly overview: PrivacyOverviewService) {}

  @Access('user')
  @Query(() => [PersonalDataGroupModel], {
    description: 'Every kind of personal data we hold about you, grouped as the privacy policy lists it.',
  })
  async privacyOverview(@CurrentPrincipal() principal: Principal): Promise<PersonalDataGroupModel[]> {
    return (await this.overview.overview(principal.accountId)).map((group) => ({
      category: group.category,
      kinds: group.kinds.map((k) => ({ kind: k.kind, count: k.count, newest: k.newest.map(toEntry) })),
    }));
  }
}
