import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access, truncateIp } from '@vipcloud/platform';
import { LegalDocumentsService } from '@vipcloud/legal';
import type { Request, Response } from 'express';
import { toAccountModel } from '../models/account.mapper';
import { AccountModel } from '../models/account.model';
import { TermsService } from '../terms/terms.service';
import { OAuthService } from './oauth.service';

@Resolver()
export class OAuthResolver {
  constructor(
    private readonly oauth: OAuthService,
    private readonly terms: TermsService,
    private readonly legal: LegalDocumentsService,
  ) {}

  @Access('public')
  @Query(() => [String], { description: 'Sign-in providers offered here: github, google.' })
  signInProviders(): string[] {
    return this.oauth.providers;
  }

  @Access('public')
  @Query(() => String, {
    description: 'The Terms of Service version a sign-up must accept: the newest in effect, from the legal manifest.',
  })
  currentTermsVersion(): string {
    return this.terms.currentVersion();
  }

  @Access('public')
  @Mutation(() => AccountModel, {
    description: 'Finishes a sign-up begun with a provider: confirm your age and accept the Terms.',
  })
  async completeSignUp(
    @Args('pending') pending: string,
    @Args('confirmAdult', { description: 'I am 18 or over (the age of majority where I live).' }) confirmAdult: boolean,
    @Args('acceptTermsVersion') acceptTermsVersion: string,
    @Context() ctx: { req: Request; res: Response },
  ): Promise<AccountModel> {
    const account = await this.oauth.completeSignUp(pending, confirmAdult, acceptTermsVersion, ctx.req, ctx.res, {
      userAgent: ctx.req.headers['user-agent'] ?? null,
      clientIp: truncateIp(ctx.req.ip),
    });
    return toAccountModel(account, this.legal);
  }
}
