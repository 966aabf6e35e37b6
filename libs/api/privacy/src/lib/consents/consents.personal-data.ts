import { Injectable } from '@nestjs/common';
import {
  PersonalDataFile,
  PersonalDataRow,
  PersonalDataSource,
  PersonalDataSummary,
} from '../ports/personal-data-source.port';
import type { ConsentHistoryEntity } from './consent.entity';
import { ConsentsRepository } from './consents.repository';

function row(c: ConsentHistoryEntity): PersonalDataRow {
  return { kind: c.kind, granted: c.granted, policyVersion: c.policyVersion, changedAt: c.changedAt.toISOString() };
}

/** Every consent answer the account gave: shown, exported, and deleted with the account. */
@Injectable()
export class ConsentsPersonalData extends PersonalDataSource {
  readonly kind = 'privacy.consents';
  readonly category = 'consents' as const;

  constructor(private readonly consents: ConsentsRepository) {
    super();
  }

  async summarize(accountId: string, limit: number): Promise<PersonalDataSummary> {
    const [count, newest] = await Promise.all([
      this.consents.countHistory(accountId),
      this.consents.history(accountId, limit),
    ]);
    return { count, newest: newest.map(row) };
  }

  async export(accountId: string): Promise<PersonalDataFile[]> {
    return [
      {
        name: 'consents.csv',
        description: 'Every answer you gave to an optional consent (debug captures, product emails), newest first.',
        format: 'csv',
        rows: (await this.consents.history(accountId)).map(row),
      },
    ];
  }

  erase(accountId: string): Promise<number> {
    return this.consents.eraseAccount(accountId);
  }
}
