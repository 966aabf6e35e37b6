import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { LegalDocumentsService } from '@vipcloud/legal';
import { Access } from '@vipcloud/platform';
import { CurrentUser } from '../access/current-user.decorator';
import { toAccountModel } from '../models/account.mapper';
import { AccountModel } from '../models/account.model';
import { OAuthService } from '../oauth/oauth.service';
import type { SessionUser } from '../sessions/sessions.service';
import { AccountsService } from './accounts.service';

/** The owner's own account: the name the portal shows, and the Account fields that need a query. */
@Resolver(() => AccountModel)
export class AccountResolver {
  constructor(
    private readonly accounts: AccountsService,
    private readonly oauth: OAuthService,
    private readonly legal: LegalDocumentsService,
  ) {}

  @Access('user')
  @Mutation(() => AccountModel, {
    description: 'Sets the name the portal shows (at most 100 characters); null or blank clears it.',
  })
  async setDisplayName(
    @CurrentUser() user: SessionUser,
    @Args('name', { type: () => String, nullable: true }) name: string | null,
  ): Promise<AccountModel> {
    return toAccountModel(await this.accounts.setDisplayName(user.account, name ?? null), this.legal);
  }

  /**
   * Resolved only when a query asks for it (one indexed read). Field resolvers are reached only
   * through an operation that returned this account, and that operation's access policy applies.
   */
  @ResolveField('signInMethods', () => [String], {
    description: 'Sign-in providers linked to this account (github, google), in that order.',
  })
  signInMethods(@Parent() account: AccountModel): Promise<string[]> {
    return this.oauth.linkedProviders(account.id);
  }
}
