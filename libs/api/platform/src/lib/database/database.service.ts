import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';

/** Work done with an entity manager: inside a transaction, or on the pool for a plain MySQL write. */
export type DatabaseWork<T> = (em: EntityManager) => Promise<T>;

type WriteMember =
  | 'save'
  | 'insert'
  | 'update'
  | 'updateAll'
  | 'upsert'
  | 'remove'
  | 'softRemove'
  | 'delete'
  | 'deleteAll'
  | 'softDelete'
  | 'restore'
  | 'recover'
  | 'increment'
  | 'decrement'
  | 'clear'
  | 'query'
  | 'sql'
  | 'manager'
  | 'queryRunner'
  | 'extend';

/** A repository without its write methods: writes go through `Database.write` or `Database.transaction`. */
export type ReadRepository<E extends ObjectLiteral> = Omit<Repository<E>, WriteMember>;

const DEADLOCK_RETRIES = 3;

/** One queue per SQLite data source, shared by every facade over it. */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Marks the async context of a queued SQLite transaction, so a write that would wait for itself is
 * caught. `open` turns false at the end: a timer or job started inside, running later, may write.
 */
const insideSqliteQueue = new AsyncLocalStorage<{ dataSource: DataSource; open: boolean }>();

const LOCK_FOR_UPDATE = { lock: { mode: 'pessimistic_write' as const } };

function driverCode(err: unknown): string | undefined {
  return (err as { driverError?: { code?: string } } | null)?.driverError?.code;
}

function isDeadlock(err: unknown): boolean {
  const code = driverCode(err);
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT';
}

/**
 * The one way the API writes to its database, so the rule below lives here and nowhere else.
 *
 * SQLite (the embedded default) has a single connection for the whole process: a plain write
 * issued while another request's transaction is open would join that transaction and vanish,
 * without an error, if it rolls back. There every write and every transaction therefore runs
 * through one queue, one at a time, each in its own transaction. MySQL/MariaDB give each
 * transaction its own pooled connection: plain writes run directly (no BEGIN/COMMIT round trips
 * on the hot path) and transactions chosen as deadlock victims are retried, as MySQL advises.
 *
 * Reads go through `repository` and are not queued; on SQLite they may see rows of a
 * transaction still in flight, so a decision that must be final is read inside `transaction`.
 * Provided by `DatabaseModule` (built by a factory from the TypeORM data source).
 */
export class Database {
  readonly isSqlite: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.isSqlite = dataSource.options.type === 'better-sqlite3';
  }

  /** The read accessor: a repository for reads (and its metadata), outside any transaction. */
  repository<E extends ObjectLiteral>(entity: EntityTarget<E>): ReadRepository<E> {
    return this.dataSource.getRepository(entity);
  }

  /** A raw read, e.g. a readiness probe or an aggregate TypeORM cannot express. */
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T> {
    return this.dataSource.query(sql, params) as Promise<T>;
  }

  /**
   * A write that needs no transaction of its own (one statement, or statements whose partial
   * effect is acceptable). SQLite: queued, in a transaction. MySQL/MariaDB: run directly.
   */
  write<T>(work: DatabaseWork<T>): Promise<T> {
    return this.isSqlite ? this.queued(work) : work(this.dataSource.manager);
  }

  /**
   * Work that commits or rolls back as a whole. SQLite: queued behind every other write, so
   * transactions never nest on its one connection. MySQL/MariaDB: retried on deadlock.
   */
  async transaction<T>(work: DatabaseWork<T>): Promise<T> {
    if (this.isSqlite) return this.queued(work);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (err) {
        if (!isDeadlock(err) || attempt >= DEADLOCK_RETRIES) throw err;
      }
    }
  }

  /**
   * Find options that take the rows' write lock for the rest of the transaction on MySQL/MariaDB
   * (and read the latest committed rows, not REPEATABLE READ's snapshot). SQLite needs none: its
   * transactions run one at a time.
   */
  get forUpdate(): { lock?: { mode: 'pessimistic_write' } } {
    return this.isSqlite ? {} : LOCK_FOR_UPDATE;
  }

  /** A unique or primary key refused the row: on both databases, the sign that another write won. */
  isUniqueViolation(err: unknown): boolean {
    const code = driverCode(err);
    return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  }

  private queued<T>(work: DatabaseWork<T>): Promise<T> {
    const ds = this.dataSource;
    // A write issued from inside a queued transaction would wait for that transaction, which
    // waits for it: fail at once and say what to do instead.
    const inside = insideSqliteQueue.getStore();
    if (inside?.open && inside.dataSource === ds) {
      return Promise.reject(
        new Error("database write started inside a transaction: use the transaction's EntityManager instead"),
      );
    }
    const previous = sqliteQueues.get(ds) ?? Promise.resolve();
    const run = previous.then(() => {
      const marker = { dataSource: ds, open: true };
      return insideSqliteQueue.run(marker, () => ds.transaction(work)).finally(() => (marker.open = false));
    });
    sqliteQueues.set(
      ds,
      run.catch(() => undefined),
    );
    return run;
  }
}
