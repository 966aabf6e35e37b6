import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, SessionUser } from '@vipcloud/accounts';
import { Access } from '@vipcloud/platform';
import type { AbuseCaseFile } from './abuse-cases.service';
import { AbuseCasesService } from './abuse-cases.service';
import {
  AbuseCaseFileModel,
  AbuseCaseModel,
  AbuseCaseStatusFilter,
  AbuseRecordModel,
  AbuseReportReceiptModel,
  DecideAbuseCaseInput,
  ReportAbuseInput,
} from './abuse-cases.models';

const operator = (user: SessionUser): string => `operator:${user.account.id}`;

/** Abuse reports (anyone), the case queue and decisions (support), and an owner's own record. */
@Resolver()
export class AbuseCasesResolver {
  constructor(private readonly cases: AbuseCasesService) {}

  @Access('public')
  @Mutation(() => AbuseReportReceiptModel, {
    description: 'Reports abuse of our service by one of our users; opens a case for support. Throttled.',
  })
  reportAbuse(@Args('input') input: ReportAbuseInput): Promise<AbuseReportReceiptModel> {
    return this.cases.report(input);
  }

  @Access('user')
  @Query(() => AbuseRecordModel, { description: 'Signals and decisions about your account (never who reported).' })
  async myAbuseRecord(@CurrentUser() user: SessionUser): Promise<AbuseRecordModel> {
    const record = await this.cases.recordOf(user.account.id);
    return {
      signals: record.signals,
      decisions: record.decisions.map((d) => ({
        caseId: d.id,
        reason: d.reason,
        decision: d.decision,
        decidedAt: d.closedAt,
      })),
    };
  }

  @Access('support')
  @Query(() => [AbuseCaseModel], { description: 'The abuse case queue, newest first (support and admin).' })
  abuseCases(
    @Args('status', { type: () => AbuseCaseStatusFilter, defaultValue: AbuseCaseStatusFilter.OPEN })
    status: AbuseCaseStatusFilter,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
  ): Promise<AbuseCaseModel[]> {
    return this.cases.queue(status, first);
  }

  @Access('support')
  @Query(() => AbuseCaseFileModel, {
    description: 'One case with its audit trail, reports and signals (support and admin).',
  })
  async abuseCase(@Args('id', { type: () => ID }) id: string): Promise<AbuseCaseFileModel> {
    return toFile(await this.cases.file(id));
  }

  @Access('support')
  @Mutation(() => AbuseCaseFileModel, { description: 'Adds a note to a case, audited (support and admin).' })
  async addAbuseCaseNote(
    @CurrentUser() user: SessionUser,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('note') note: string,
  ): Promise<AbuseCaseFileModel> {
    return toFile(await this.cases.addNote(caseId, note, operator(user)));
  }

  @Access('support')
  @Mutation(() => AbuseCaseFileModel, {
    description:
      'Decides and closes a case (support and admin): dismiss, warn, suspend_key (the key stops at once on every ' +
      'server) or suspend_account (its keys and sessions stop at once on every server). Audited.',
  })
  async decideAbuseCase(
    @CurrentUser() user: SessionUser,
    @Args('input') input: DecideAbuseCaseInput,
  ): Promise<AbuseCaseFileModel> {
    return toFile(await this.cases.decide(input.caseId, input.decision, input.note ?? null, operator(user)));
  }
}

function toFile(file: AbuseCaseFile): AbuseCaseFileModel {
  return {
    case: file.kase,
    accountEmail: file.accountEmail,
    events: file.events,
    reports: file.reports,
    signals: file.signals,
  };
}
