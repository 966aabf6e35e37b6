import type { DataSource } from 'typeorm';

/** An account's money as the tables that hold it say: the balance row, Σ of its ledger, its holds. */
export interface AccountMoney {
  balance: number;
  held: number;
  /** Σ amount_micros of the account's ledger entries: equal to `balance` whenever nothing is being written. */
  ledger: number;
  /** Rows in credit_holds (requests in flight, or what an instance reserved in advance). */
  holds: number;
  /** Σ amount_micros of those rows: equal to `held`. */
  holdsMicros: number;
}

export async function accountMoney(ds: DataSource, accountId: string): Promise<AccountMoney> {
  const [b] = await ds.query('SELECT balance_micros, held_micros FROM credit_balances WHERE account_id = ?', [
    accountId,
  ]);
  const [l] = await ds.query('SELECT COALESCE(SUM(amount_micros), 0) AS s FROM ledger_entries WHERE account_id = ?', [
    accountId,
  ]);
  const [h] = await ds.query(
    'SELECT COUNT(*) AS n, COALESCE(SUM(amount_micros), 0) AS s FROM credit_holds WHERE account_id = ?',
    [accountId],
  );
  return {
    balance: Number(b.balance_micros),
    held: Number(b.held_micros),
    ledger: Number(l.s),
    holds: Number(h.n),
    holdsMicros: Number(h.s),
  };
}

export interface RequestRow {
  id: string;
  status: number;
  cost: number;
  errorCode: string | null;
}

/** The account's request metadata rows. */
export async function requestRows(ds: DataSource, accountId: string): Promise<RequestRow[]> {
  const rows: Array<{ id: string; status: number | string; cost_micros: number | string; error_code: string | null }> =
    await ds.query('SELECT id, status, cost_micros, error_code FROM request_logs WHERE account_id = ?', [accountId]);
  return rows.map((r) => ({
    id: r.id,
    status: Number(r.status),
    cost: Number(r.cost_micros),
    errorCode: r.error_code,
  }));
}
