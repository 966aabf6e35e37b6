import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Database } from './database.service';

/** Which rows `deleteInBatches` deletes, and how many at a time. */
export interface BatchedDelete {
  /** The key column (its name in the table): each batch is read by it, then deleted by it. */
  key: string;
  /** The rows to delete: a condition on the table's own column names (no alias). */
  where: string;
  params?: ObjectLiteral;
  batch: number;
}

/**
 * Deletes the rows of `entity` that match `where`, `batch` at a time, each batch its own short
 * statement found by its keys, so MariaDB never locks months of rows at once and the table's other
 * writers keep going meanwhile. The condition is checked again in the delete: a row read and changed
 * since is left for a later run. Returns how many rows went.
 */
export async function deleteInBatches<E extends ObjectLiteral>(
  db: Database,
  entity: EntityTarget<E>,
  { key, where, params = {}, batch }: BatchedDelete,
): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await db
      .selectBuilder(entity, 't')
      .select(`t.${key}`, 'k')
      .where(where, params)
      .limit(batch)
      .getRawMany<{ k: string }>();
    if (rows.length === 0) return total;
    const keys = rows.map((r) => r.k);
    // A transaction of its own: retried when MariaDB picks it as a deadlock victim.
    const result = await db.transaction((em) =>
      em
        .createQueryBuilder()
        .delete()
        .from(entity)
        .where(`${key} IN (:...batchKeys) AND (${where})`, { ...params, batchKeys: keys })
        .execute(),
    );
    const deleted = result.affected ?? keys.length;
    total += deleted;
    if (rows.length < batch || deleted === 0) return total;
  }
}
