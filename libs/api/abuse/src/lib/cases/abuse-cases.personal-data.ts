import { Injectable } from '@nestjs/common';
import { isoTime, PersonalDataFile, PersonalDataRow, PersonalDataSource, PersonalDataSummary } from '@vipcloud/privacy';
import type { AbuseCaseEntity } from '../entities/abuse-case.entity';
import { AbuseCasesRepository } from './abuse-cases.repository';

/**
 * Support's decisions about the account (closed cases): what the owner may see. Open cases, reports and
 * who sent them are not shown; with the account, every case about it is erased (reports included).
 */
@Injectable()
export class AbuseCasesPersonalData extends PersonalDataSource {
  readonly kind = 'abuse.cases';
  readonly category = 'abuse';

  constructor(private readonly cases: AbuseCasesRepository) {
    super();
  }

  async summarize(accountId: string, limit: number): Promise<PersonalDataSummary> {
    const closed = await this.cases.closedAbout(accountId);
    return { count: closed.length, newest: closed.slice(0, limit).map(toRow) };
  }

  async export(accountId: string): Promise<PersonalDataFile[]> {
    return [
      {
        name: 'abuse-decisions.csv',
        format: 'csv',
        description:
          'Decisions our support team made about your account after looking into possible abuse: when, why the case ' +
          'was opened, and the decision (dismissed, warned, key suspended, account suspended).',
        rows: (await this.cases.closedAbout(accountId)).map(toRow),
      },
    ];
  }

  erase(accountId: string): Promise<number> {
    return this.cases.deleteAbout(accountId);
  }
}

function toRow(c: AbuseCaseEntity): PersonalDataRow {
  return { id: c.id, reason: c.reason, decision: c.decision, closedAt: c.closedAt ? isoTime(c.closedAt) : null };
}
