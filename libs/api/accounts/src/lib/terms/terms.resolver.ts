import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { LegalDocumentsService } from '@vipcloud/legal';
import { Access } from '@vipcloud/platform';
import { CurrentUser } from '../access/current-user.decorator';
import { toAccountModel } from '../models/account.mapper';
import { AccountModel } from '../models/account.model';
import type { SessionUser } from '../sessions/sessions.service';
import { TermsService } from './terms.service';

@Resolver()
export class TermsResolver {
  constructor(
    private readonly terms: TermsService,
    private readonly legal: LegalDocumentsService,
  ) {}

  @Access('user')
  @Mutation(() => AccountModel, {
    description:
      'Accepts the current Terms of Service (`me.termsAcceptanceRequired.version`); any other version is refused. ' +
      'Records the version and the time on the account.',
  })
  async acceptTerms(@CurrentUser() user: SessionUser, @Args('version') version: string): Promise<AccountModel> {
    return toAccountModel(await this.terms.accept(user.account, version), this.legal);
  }
}
