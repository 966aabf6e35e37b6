import { Injectable } from '@nestjs/common';
import {
  PersonalDataFile,
  PersonalDataRow,
  PersonalDataSource,
  PersonalDataSummary,
} from '../ports/personal-data-source.port';
import type { RightsRequestEntity } from './rights-request.entity';
import { RightsRequestsRepository } from './rights-requests.repository';

function row(r: RightsRequestEntity): PersonalDataRow {
  return {
    type: r.type,
    status: r.status,
    source: r.source,
    receivedAt: r.receivedAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
    description: r.description,
  };
}

/**
 * The account's rights requests. Erasure keeps each request (the record that it was answered) but
 * strips whatever identifies the person; support's note is internal and not exported.
 */
@Injectable()
export class RightsRequestsPersonalData extends PersonalDataSource {
  readonly kind = 'privacy.rights-requests';
  readonly category = 'rightsRequests' as const;

  constructor(private readonly requests: RightsRequestsRepository) {
    super();
  }

  async summarize(accountId: string, limit: number): Promise<PersonalDataSummary> {
    const [count, newest] = await Promise.all([
      this.requests.countOf(accountId),
      this.requests.listOf(accountId, limit),
    ]);
    return { count, newest: newest.map(row) };
  }

  async export(accountId: string): Promise<PersonalDataFile[]> {
    return [
      {
        name: 'rights-requests.csv',
        description: 'Your data-protection requests (made in the portal or by email), newest first.',
        format: 'csv',
        rows: (await this.requests.listOf(accountId)).map(row),
      },
    ];
  }

  erase(accountId: string): Promise<number> {
    return this.requests.pseudonymiseAccount(accountId);
  }
}
