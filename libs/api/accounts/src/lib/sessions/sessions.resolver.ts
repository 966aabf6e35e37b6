import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { LegalDocumentsService } from '@vipcloud/legal';
import { Access } from '@vipcloud/platform';
import { CurrentUser } from '../access/current-user.decorator';
import { toAccountModel } from '../models/account.mapper';
import { AccountModel, SessionModel } from '../models/account.model';
import type { SessionUser } from './sessions.service';
import { SessionsService } from './sessions.service';

@Resolver()
export class SessionsResolver {
  constructor(
    private readonly sessions: SessionsService,
    private readonly legal: LegalDocumentsService,
  ) {}

  @Access('user')
  @Query(() => AccountModel, { description: 'The signed-in account.' })
  me(@CurrentUser() user: SessionUser): AccountModel {
    return toAccountModel(user.account, this.legal);
  }

  @Access('user')
  @Query(() => [SessionModel], { description: 'The account’s signed-in browsers, most recent first.' })
  async mySessions(@CurrentUser() user: SessionUser): Promise<SessionModel[]> {
    const sessions = await this.sessions.list(user.account.id);
    return sessions.map((s) => ({
      id: s.id,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
      device: s.userAgent,
      ipPrefix: s.clientIp,
      current: s.id === user.session.id,
    }));
  }

  @Access('user')
  @Mutation(() => Int, {
    description: 'Signs every one of your sessions out, this one included. Returns how many ended.',
  })
  endAllSessions(@CurrentUser() user: SessionUser): Promise<number> {
    return this.sessions.endAll(user.account.id);
  }

  @Access('user')
  @Mutation(() => Boolean, { description: 'Signs one of your sessions out, everywhere at once.' })
  async endSession(@CurrentUser() user: SessionUser, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    await this.sessions.end(user.account.id, id);
    return true;
  }
}
