import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Access } from '@vipcloud/platform';
import { CurrentUser } from '../access/current-user.decorator';
import { AccountClosureModel } from '../models/profile.model';
import type { SessionUser } from '../sessions/sessions.service';
import { AccountClosureService } from './account-closure.service';

@Resolver()
export class AccountClosureResolver {
  constructor(private readonly closure: AccountClosureService) {}

  @Access('user')
  @Mutation(() => AccountClosureModel, {
    description:
      "Closes the account: confirmEmail must be the account's email, and the session must have signed in within " +
      'the last 15 minutes (else reauth_required). Every session ends, this one included, and every API key stops ' +
      'at once. Signing in before deleteAfter reopens the account; after it, the account is erased.',
  })
  closeAccount(
    @CurrentUser() user: SessionUser,
    @Args('confirmEmail', { type: () => String }) confirmEmail: string,
  ): Promise<AccountClosureModel> {
    return this.closure.close(user, confirmEmail);
  }

  @Access('support')
  @Mutation(() => Boolean, {
    description:
      'Support: closes and erases at once, without a grace period, an account reported as belonging to someone under 18.',
  })
  async closeUnderageAccount(
    @Args('email', { type: () => String }) email: string,
    @Args('note', { type: () => String }) note: string,
  ): Promise<boolean> {
    await this.closure.closeUnderage(email, note);
    return true;
  }
}
