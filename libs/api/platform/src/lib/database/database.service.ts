import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import type { SelectBuilder } from './select-builder';

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
  | 'createQueryBuilder'
  | 'manager'
  | 'queryRunner'
  | 'extend';

/**
 * A repository without its write methods (nor its query builder, whose `update()`/`delete()` would
 * write): writes go through `Database.write` or `Database.transaction`, built reads through
 * `Database.selectBuilder`.
 */
export type ReadRepository<E extends ObjectLiteral> = Omit<Repository<E>, WriteMember>;

/** A write was started inside a queued SQLite transaction: it would wait for that transaction forever. */
export class WriteInsideTransactionError extends Error {
  constructor() {
    super("database write started inside a transaction: use the transaction's EntityManager instead");
    this.name = new.target.name;
  }
}

/** `Database.select` was given a statement that is not a plain read. */
export class NotASelectError extends Error {
  constructor(readonly sql: string) {
    super(`Database.select runs SELECT (or WITH … SELECT) statements only, not: ${sql.slice(0, 80)}`);
    this.name = new.target.name;
  }
}

/** A read: SELECT, or WITH … SELECT (a WITH may also lead an INSERT, UPDATE or DELETE, refused here). */
const SELECT_ONLY = /^\s*(select\b|with\b(?![\s\S]*\b(insert|update|delete|replace)\b))/i;
/** A second statement after the first (neither driver runs one today, but say so rather than rely on it). */
const SECOND_STATEMENT = /;\s*\S/;

const DEADLOCK_RETRIES = 3;

/** One queue per SQLite data source, shared by every facade over it. */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Marks the async context of a queued SQLite transaction, so a write that would wait for itself is
 * caught. `open` turns false at the end: a timer or job started inside, running later, may write.
 */
const insideSqliteQueue = new AsyncLocalStorage<{ dataSource: DataSource; open: boolean }>();
/**
 * Queued transactions running now, over every data source. The store above is only needed while one runs; it
 * is disabled whenever none does, because an enabled AsyncLocalStorage keeps Node's async hooks on for every
 * promise of the process (every request's), which cost ~3% of the gateway's CPU. `run` enables it again.
 */
let queuedRunning = 0;

const LOCK_FOR_UPDATE = { lock: { mode: 'pessimistic_write' as const } };

/** Connection-level failures of mysql2 and better-sqlite3, as opposed to a statement the database refused. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_FULL',
  'SQLITE_IOERR',
]);

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
 * Reads go through `repository`, `selectBuilder` and `select` and are not queued; on SQLite they may see rows of a
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

  /**
   * A built read of one entity: TypeORM's select query builder, typed so that only its select
   * methods are reachable (no `update()`, `delete()` or `insert()` to `execute()`).
   */
  selectBuilder<E extends ObjectLiteral>(entity: EntityTarget<E>, alias: string): SelectBuilder<E> {
    return this.dataSource.getRepository(entity).createQueryBuilder(alias);
  }

  /**
   * A raw read, e.g. a readiness probe or an aggregate TypeORM cannot express. Anything but one
   * SELECT (or WITH … SELECT) is refused with `NotASelectError` before it reaches the database.
   */
  async select<T extends ObjectLiteral = ObjectLiteral>(sql: string, params?: unknown[]): Promise<T[]> {
    if (!SELECT_ONLY.test(sql) || SECOND_STATEMENT.test(sql)) throw new NotASelectError(sql);
    return (await this.dataSource.query(sql, params)) as T[];
  }

  /**
   * A write that needs no transaction of its own (one statement, or statements whose partial
   * effect is acceptable). SQLite: queued, in a transaction. MySQL/MariaDB: run directly.
   */
  write<T>(work: DatabaseWork<T>): Promise<T> {
    return this.tracked(this.isSqlite ? this.queued(work) : work(this.dataSource.manager));
  }

  /**
   * Work that commits or rolls back as a whole. SQLite: queued behind every other write, so
   * transactions never nest on its one connection. MySQL/MariaDB: retried on deadlock.
   */
  transaction<T>(work: DatabaseWork<T>): Promise<T> {
    return this.tracked(this.isSqlite ? this.queued(work) : this.retryingDeadlocks(work));
  }

  /**
   * Resolves once no write or transaction is in flight, counting those that start while it waits. The
   * pool closes at shutdown only after this: a settlement begun as the last stream ended must commit,
   * not fail against a closed pool.
   */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private readonly inFlight = new Set<Promise<unknown>>();

  private tracked<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const done = (): void => void this.inFlight.delete(work);
    work.then(done, done);
    return work;
  }

  private async retryingDeadlocks<T>(work: DatabaseWork<T>): Promise<T> {
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

  /**
   * The database could not be reached or dropped the connection (not a refusal of the statement):
   * the same write may well succeed later, so callers that must not lose it keep it and retry.
   */
  isUnavailable(err: unknown): boolean {
    const code = driverCode(err) ?? (err as { code?: unknown } | null)?.code;
    return typeof code === 'string' && UNAVAILABLE_CODES.has(code);
  }

  private queued<T>(work: DatabaseWork<T>): Promise<T> {
    const ds = this.dataSource;
    // A write issued from inside a queued transaction would wait for that transaction, which
    // waits for it: fail at once and say what to do instead.
    const inside = insideSqliteQueue.getStore();
    if (inside?.open && inside.dataSource === ds) {
      return Promise.reject(new WriteInsideTransactionError());
    }
    const previous = sqliteQueues.get(ds) ?? Promise.resolve();
    const run = previous.then(() => {
      const marker = { dataSource: ds, open: true };
      queuedRunning++;
      return insideSqliteQueue
        .run(marker, () => ds.transaction(work))
        .finally(() => {
          marker.open = false;
          // Work started inside and running later finds no store (or a closed marker): it may write.
          if (--queuedRunning === 0) insideSqliteQueue.disable();
        });
    });
    sqliteQueues.set(
      ds,
      run.catch(() => undefined),
    );
    return run;
  }
}
