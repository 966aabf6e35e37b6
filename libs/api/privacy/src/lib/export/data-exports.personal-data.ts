import { Injectable } from '@nestjs/common';
import type { PersonalDataFile, PersonalDataRow, PersonalDataSummary } from '../ports/personal-data-source.port';
import { PersonalDataSource } from '../ports/personal-data-source.port';
import { isoTime } from '../personal-data/personal-data-values';
import type { DataExportEntity } from './data-export.entity';
import { DataExportsRepository } from './data-exports.repository';

function toRow(e: DataExportEntity): PersonalDataRow {
  return {
    id: e.id,
    status: e.status,
    requestedAt: isoTime(e.requestedAt),
    readyAt: isoTime(e.readyAt),
    expiresAt: isoTime(e.expiresAt),
    sizeBytes: e.sizeBytes,
  };
}

/** The exports an account asked for (their record, not their content); erased with their files. */
@Injectable()
export class DataExportsPersonalData extends PersonalDataSource {
  readonly kind = 'privacy.data-exports';
  readonly category = 'exports';

  constructor(private readonly exports: DataExportsRepository) {
    super();
  }

  async summarize(accountId: string, limit: number): Promise<PersonalDataSummary> {
    const [count, newest] = await Promise.all([
      this.exports.count(accountId),
      limit > 0 ? this.exports.listOwn(accountId, limit) : Promise.resolve([]),
    ]);
    return { count, newest: newest.map(toRow) };
  }

  async export(accountId: string): Promise<PersonalDataFile[]> {
    const rows = (await this.exports.listOwn(accountId, 1000)).reverse();
    return [
      {
        name: 'data-exports.csv',
        format: 'csv',
        description:
          'The exports of your data you asked for (this one included): when, their status, when they were ready ' +
          'and expire (or expired), and their size.',
        rows: rows.map(toRow),
      },
    ];
  }

  async erase(accountId: string): Promise<number> {
    return this.exports.deleteExports(await this.exports.idsOf(accountId));
  }
}
