import type { ObjectLiteral } from 'typeorm';
import {
  PersonalDataFile,
  PersonalDataRow,
  PersonalDataSource,
  PersonalDataSummary,
} from '../ports/personal-data-source.port';
import type { AccountRows } from './account-rows.repository';

/** The export file of a table source: its name in the ZIP, what it holds (for the README), its format. */
export type PersonalDataFileSpec = Omit<PersonalDataFile, 'rows'>;

/**
 * A PersonalDataSource over one table whose rows name their account: one file in the export, its
 * rows deleted on erasure. The subclass says which table (`AccountRows`), which file, and which
 * fields of a row a person is shown (`toRow`: a list of what may be shown, so a column added later,
 * a hash or a token, stays out until someone decides otherwise).
 */
export abstract class TablePersonalDataSource<E extends ObjectLiteral> extends PersonalDataSource {
  constructor(
    protected readonly rows: AccountRows<E>,
    private readonly file: PersonalDataFileSpec,
  ) {
    super();
  }

  protected abstract toRow(entity: E): PersonalDataRow;

  /** Rows older than this are past their retention (a purge may not have run yet): not shown. */
  protected keptSince(): Date | undefined {
    return undefined;
  }

  async summarize(accountId: string, limit: number): Promise<PersonalDataSummary> {
    const since = this.keptSince();
    const [count, newest] = await Promise.all([
      this.rows.count(accountId, since),
      this.rows.newest(accountId, limit, since),
    ]);
    return { count, newest: newest.map((e) => this.toRow(e)) };
  }

  async export(accountId: string): Promise<PersonalDataFile[]> {
    const rows = await this.rows.all(accountId, this.keptSince());
    return [{ ...this.file, rows: rows.map((e) => this.toRow(e)) }];
  }

  erase(accountId: string): Promise<number> {
    return this.rows.erase(accountId);
  }
}
