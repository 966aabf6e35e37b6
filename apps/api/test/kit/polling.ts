import type { DataSource } from 'typeorm';

/** Polls until the check passes (rows are written just after the answer, off the request path). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** What the polling helpers need of a running app: its database and a way to flush pending writes. */
export interface Settling {
  dataSource: DataSource;
  settle(): Promise<void>;
}

/** Rows of a query once `accept` takes them (by default: once there is one), flushing pending writes first. */
export async function eventuallyRows<T>(
  stack: Settling,
  sql: string,
  params: unknown[],
  accept: (rows: T[]) => boolean = (rows) => rows.length > 0,
  timeoutMs?: number,
): Promise<T[]> {
  return eventually(async () => {
    await stack.settle();
    const rows: T[] = await stack.dataSource.query(sql, params);
    return accept(rows) && rows;
  }, timeoutMs);
}

/** The request's metadata row, once written (rows are written just after the answer). */
export async function logRow<T = Record<string, unknown>>(stack: Settling, id: string): Promise<T> {
  const [row] = await eventuallyRows<T>(stack, 'SELECT * FROM request_logs WHERE id = ?', [id]);
  return row;
}

/** `SELECT COUNT(*) AS n …` as a number (MySQL answers a string, SQLite a number). */
export async function count(ds: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const rows: Array<{ n: number | string }> = await ds.query(sql, params);
  return Number(rows[0].n);
}
