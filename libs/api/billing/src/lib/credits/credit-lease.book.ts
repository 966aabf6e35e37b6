import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** A lease grows to this many times the request that made it grow, so most requests find it covers them. */
export const LEASE_MULTIPLE = 16;

/** One account's lease as this instance sees it. */
export interface Lease {
  readonly accountId: string;
  /** The lease row's id in credit_holds. */
  readonly id: string;
  /** What the lease row holds in the database (this instance is its only writer while it lives). */
  amount: number;
  /** Σ holds of this instance's requests in flight on the account. */
  inflight: number;
  /** Σ costs of ended requests not yet committed by a settlement batch. */
  unflushed: number;
  /** Part of the amount being given back right now: not free for requests. */
  returning: number;
  lastUsedMs: number;
  /** A ledger change was seen for the account: read the database before trusting the lease. */
  suspect: boolean;
  /** The growth in flight (one per account: concurrent requests share it). */
  growing: Promise<{ granted: number }> | null;
  /** Σ holds of the requests waiting for the lease to grow (the next growth is sized for all of them). */
  waiting: number;
}

/** A request admitted against a lease. */
interface HeldRequest {
  accountId: string;
  amount: number;
}

/**
 * This process's instance id, `<host>-<pid>-<random>`, short enough that a lease id
 * (`lease:<instance>:<account uuid>`) fits credit_holds' 64 characters.
 */
export function newInstanceId(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 8) || 'host';
  return `${host}-${process.pid.toString(36)}-${randomBytes(3).toString('hex')}`;
}

/**
 * How much a lease grows by: at least the shortfall, up to LEASE_MULTIPLE requests' worth. When
 * other instances may lease the same account, never more than half of what it has free, so a small
 * balance is shared rather than taken whole by the first instance to see a request. 0 when the
 * account cannot cover the shortfall.
 */
export function leaseChunk(
  shortfall: number,
  perRequest: number,
  available: number,
  shared: boolean,
  demand = shortfall,
): number {
  if (shortfall <= 0) return 0;
  if (available < shortfall) return 0;
  // `demand`: what every request waiting on this growth lacks, so that a burst is served by a
  // few growths rather than one per LEASE_MULTIPLE requests.
  const wanted = Math.max(shortfall, demand);
  let chunk = Math.min(available, Math.max(wanted, LEASE_MULTIPLE * perRequest));
  if (shared) chunk = Math.min(chunk, Math.max(wanted, Math.floor(available / 2)));
  // Whole requests beyond the shortfall: a lease left with a fraction of a request would serve the
  // next one a lower output cap while another instance's lease or the account has the rest.
  if (perRequest > 0 && chunk > shortfall && chunk < available)
    chunk = shortfall + Math.floor((chunk - shortfall) / perRequest) * perRequest;
  return chunk;
}

/**
 * The in-memory side of credit leases: per account, what this instance has reserved in the
 * database and how much of it requests in flight and unflushed settlements use. Admission is a
 * decision against it (no database row per request); the service grows, shrinks and settles the
 * leases in the database and reports each change here. Pure arithmetic, no I/O.
 */
export class CreditLeaseBook {
  private readonly leases = new Map<string, Lease>();
  private readonly requests = new Map<string, HeldRequest>();

  constructor(readonly instanceId: string = newInstanceId()) {}

  leaseId(accountId: string): string {
    return `lease:${this.instanceId}:${accountId}`;
  }

  lease(accountId: string): Lease {
    let lease = this.leases.get(accountId);
    if (!lease) {
      lease = {
        accountId,
        id: this.leaseId(accountId),
        amount: 0,
        inflight: 0,
        unflushed: 0,
        returning: 0,
        lastUsedMs: 0,
        suspect: false,
        growing: null,
        waiting: 0,
      };
      this.leases.set(accountId, lease);
    }
    return lease;
  }

  find(accountId: string): Lease | undefined {
    return this.leases.get(accountId);
  }

  all(): Lease[] {
    return [...this.leases.values()];
  }

  /** What new requests may still hold of the account's lease. */
  free(accountId: string): number {
    const l = this.leases.get(accountId);
    return l ? l.amount - l.inflight - l.unflushed - l.returning : 0;
  }

  /** Admits a request when the lease's free part covers its hold. */
  tryHold(accountId: string, requestId: string, amount: number, nowMs: number): boolean {
    const lease = this.lease(accountId);
    lease.lastUsedMs = nowMs;
    if (this.free(accountId) < amount) return false;
    lease.inflight += amount;
    this.requests.set(requestId, { accountId, amount });
    return true;
  }

  /** What a request in flight holds (null: not held here, or ended). */
  holdOf(requestId: string): number | null {
    return this.requests.get(requestId)?.amount ?? null;
  }

  /**
   * A request ended: its hold goes and its cost waits for the batch (still taken from the free
   * part). Returns the lease it was admitted against, or null if it was not held here.
   */
  finish(requestId: string, costMicros: number, nowMs: number): Lease | null {
    const held = this.requests.get(requestId);
    if (!held) return null;
    this.requests.delete(requestId);
    const lease = this.lease(held.accountId);
    lease.inflight -= held.amount;
    lease.unflushed += Math.max(0, costMicros);
    lease.lastUsedMs = nowMs;
    return lease;
  }

  /** The database added `amount` to the lease. */
  granted(accountId: string, amount: number): void {
    this.lease(accountId).amount += amount;
  }

  /**
   * A batch committed the settlement of costs admitted against this lease: they leave `unflushed`,
   * and `fromLease` (what the batch took out of the lease row; null: the row was gone) leaves the amount.
   */
  settled(accountId: string, costMicros: number, fromLease: number | null): void {
    const lease = this.lease(accountId);
    lease.unflushed = Math.max(0, lease.unflushed - costMicros);
    // The row was released under us (a sweep, an account's billing rows renamed): nothing is reserved.
    if (fromLease === null) lease.amount = 0;
    else lease.amount = Math.max(0, lease.amount - fromLease);
  }

  /** Sets aside the free part (or `max` of it) to give back; `returned` settles the outcome. */
  takeFree(accountId: string, max = Number.MAX_SAFE_INTEGER): number {
    const lease = this.leases.get(accountId);
    if (!lease) return 0;
    const amount = Math.max(0, Math.min(max, this.free(accountId)));
    lease.returning += amount;
    return amount;
  }

  /** What was set aside has been given back (`given`, possibly less, possibly 0 when the database refused). */
  returned(accountId: string, setAside: number, given: number): void {
    const lease = this.lease(accountId);
    lease.returning -= setAside;
    lease.amount = Math.max(0, lease.amount - given);
    this.forgetIfEmpty(lease);
  }

  /** Leases with nothing in flight or unflushed, unused since `beforeMs`. */
  idle(beforeMs: number): Lease[] {
    return this.all().filter(
      (l) =>
        l.inflight === 0 &&
        l.unflushed === 0 &&
        l.returning === 0 &&
        !l.growing &&
        l.waiting === 0 &&
        l.lastUsedMs < beforeMs,
    );
  }

  /** Lease rows this instance holds in the database (to renew them). */
  liveIds(): string[] {
    return this.all()
      .filter((l) => l.amount > 0)
      .map((l) => l.id);
  }

  private forgetIfEmpty(lease: Lease): void {
    if (
      lease.amount === 0 &&
      lease.inflight === 0 &&
      lease.unflushed === 0 &&
      lease.returning === 0 &&
      !lease.growing &&
      lease.waiting === 0
    )
      this.leases.delete(lease.accountId);
  }
}
