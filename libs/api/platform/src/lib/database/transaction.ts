import type { DataSource, EntityManager } from 'typeorm';

const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();
const RETRIES = 3;

function isDeadlock(err: unknown): boolean {
  const code = (err as { driverError?: { code?: string } })?.driverError?.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT';
}

/** A unique or primary key refused the row: on both databases, the sign that another write won. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { driverError?: { code?: string } })?.driverError?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * A transaction that is safe under concurrency on both databases. SQLite has one connection, so
 * transactions from concurrent requests would nest ("cannot start a transaction within a
 * transaction"): they are queued instead. MySQL may pick a transaction as a deadlock victim: it is
 * retried, as MySQL advises.
 */
export async function inTransaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type === 'better-sqlite3') {
    const previous = sqliteQueues.get(ds) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => ds.transaction(work));
    sqliteQueues.set(ds, run.catch(() => undefined));
    return run;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await ds.transaction(work);
    } catch (err) {
      if (!isDeadlock(err) || attempt >= RETRIES) throw err;
    }
  }
}

/**
 * A write outside any transaction. SQLite has one connection, so a plain write issued while
 * another request's transaction is open would join it (and be lost if it rolls back): there it
 * goes through the same queue as transactions. MySQL/MariaDB run it directly.
 */
export function serialisedWrite<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return ds.options.type === 'better-sqlite3' ? inTransaction(ds, work) : work(ds.manager);
}
