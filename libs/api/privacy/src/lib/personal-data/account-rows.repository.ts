import { Database, deleteInBatches } from '@vipcloud/platform';
import { FindOptionsOrder, FindOptionsWhere, MoreThanOrEqual, type EntityTarget, type ObjectLiteral } from 'typeorm';

/** Which rows of an entity belong to an account, and how they are ordered (property names, not columns). */
export interface AccountRowsScope<E extends ObjectLiteral> {
  /** The property holding the account id (`accountId`; `id` for the account row itself). */
  account: keyof E & string;
  /** The property the newest come first by, and the export's order (oldest first). */
  time: keyof E & string;
}

const ERASE_BATCH = 500;

/**
 * The reads and the erasure every PersonalDataSource needs over one of its lib's tables: count, the
 * newest few, all of them, delete them. A feature's `*-personal-data.repository.ts` builds one per
 * table with the `Database` it is given, so each lib still owns its own database access.
 */
export class AccountRows<E extends ObjectLiteral> {
  constructor(
    private readonly db: Database,
    private readonly entity: EntityTarget<E>,
    private readonly scope: AccountRowsScope<E>,
  ) {}

  count(accountId: string, since?: Date): Promise<number> {
    return this.db.repository(this.entity).count({ where: this.where(accountId, since) });
  }

  newest(accountId: string, limit: number, since?: Date): Promise<E[]> {
    if (limit <= 0) return Promise.resolve([]);
    return this.db
      .repository(this.entity)
      .find({ where: this.where(accountId, since), order: this.order('DESC'), take: limit });
  }

  /** Every row, oldest first (an export: the account's whole history of this kind). */
  all(accountId: string, since?: Date): Promise<E[]> {
    return this.db.repository(this.entity).find({ where: this.where(accountId, since), order: this.order('ASC') });
  }

  /**
   * Deletes the account's rows in short batches (a busy account's request metadata can be many), so
   * other writers of the table keep going; a second run finds nothing more. Returns how many went.
   */
  erase(accountId: string): Promise<number> {
    const meta = this.db.repository(this.entity).metadata;
    const column = meta.findColumnWithPropertyName(this.scope.account)?.databaseName ?? this.scope.account;
    return deleteInBatches(this.db, this.entity, {
      key: meta.primaryColumns[0].databaseName,
      where: `${column} = :accountId`,
      params: { accountId },
      batch: ERASE_BATCH,
    });
  }

  private where(accountId: string, since?: Date): FindOptionsWhere<E> {
    const where: Record<string, unknown> = { [this.scope.account]: accountId };
    if (since) where[this.scope.time] = MoreThanOrEqual(since);
    return where as FindOptionsWhere<E>;
  }

  /** By time, then by primary key: timestamps tie (MySQL keeps whole seconds), the order must not. */
  private order(direction: 'ASC' | 'DESC'): FindOptionsOrder<E> {
    const key = this.db.repository(this.entity).metadata.primaryColumns[0].propertyName;
    return { [this.scope.time]: direction, [key]: direction } as FindOptionsOrder<E>;
  }
}
