import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access } from '@vipcloud/platform';
import { CurrentUser } from '../access/current-user.decorator';
import type { PendingEmailChangeEntity } from '../entities/pending-email-change.entity';
import { PendingEmailChangeModel, ProfileChangeModel } from '../models/profile.model';
import type { SessionUser } from '../sessions/sessions.service';
import { EmailChangeService } from './email-change.service';
import { ProfileChangesService } from './profile-changes.service';

const toPending = (p: PendingEmailChangeEntity): PendingEmailChangeModel => ({
  email: p.email,
  requestedAt: p.requestedAt,
  expiresAt: p.expiresAt,
});

/** The Correct right: the contact email, confirmed by a link, and the record of profile changes. */
@Resolver()
export class ProfileResolver {
  constructor(
    private readonly emailChange: EmailChangeService,
    private readonly changes: ProfileChangesService,
  ) {}

  @Access('user')
  @Mutation(() => PendingEmailChangeModel, {
    description:
      'Sends a confirmation link to a new email; the account keeps its email until the link is followed (24 hours). ' +
      'Replaces an earlier pending change.',
  })
  async requestEmailChange(
    @CurrentUser() user: SessionUser,
    @Args('email', { type: () => String }) email: string,
  ): Promise<PendingEmailChangeModel> {
    return toPending(await this.emailChange.request(user.account, email));
  }

  @Access('user')
  @Query(() => PendingEmailChangeModel, {
    nullable: true,
    description: 'The new email waiting for confirmation, if its link still works.',
  })
  async myPendingEmailChange(@CurrentUser() user: SessionUser): Promise<PendingEmailChangeModel | null> {
    const pending = await this.emailChange.current(user.account.id);
    return pending && toPending(pending);
  }

  @Access('user')
  @Query(() => [ProfileChangeModel], { description: 'When each profile field changed, newest first (never the values).' })
  async myProfileChanges(@CurrentUser() user: SessionUser): Promise<ProfileChangeModel[]> {
    return (await this.changes.list(user.account.id)).map((c) => ({ field: c.field, changedAt: c.changedAt }));
  }
}
