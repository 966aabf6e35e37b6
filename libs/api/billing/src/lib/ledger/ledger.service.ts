import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Clock, sha256Hex } from '@vipcloud/platform';
import type { LedgerEntryEntity, LedgerKind } from '../entities/ledger-entry.entity';
import { LowBalanceService } from '../alerts/low-balance.service';
import { IdempotencyConflictError, InvalidAmountError } from './ledger.errors';
import { Drift, HeldDrift, LedgerRepository } from './ledger.repository';

export interface AdjustmentRequest {
  accountId: string;
  /** Signed micro-units: a grant is positive, a correction may be negative. */
  amountMicros: number;
  reason: string;
  actor: string;
  idempotencyKey: string;
}

export interface AppliedEntry {
  entry: LedgerEntryEntity;
  replayed: boolean;
}

/**
 * The credit ledger: every change of a balance is an entry with a unique reference, applied
 * exactly once, in the same transaction as the balance it moves.
 */
@Injectable()
export class LedgerService {
  private readonly logger = new Logger('Ledger');

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly clock: Clock,
    private readonly alerts: LowBalanceService,
  ) {}

  /**
   * An operator's grant or correction. The same idempotency key with the same request returns the
   * first result; with a different request it is refused.
   */
  async adjust(req: AdjustmentRequest): Promise<AppliedEntry> {
    if (!Number.isSafeInteger(req.amountMicros) || req.amountMicros === 0)
      throw new InvalidAmountError('The amount must be a non-zero whole number of micro-units.');
    const reason = req.reason.trim();
    if (!reason) throw new InvalidAmountError('An adjustment needs a reason.');
    if (!/^[\w.:-]{8,100}$/.test(req.idempotencyKey))
      throw new InvalidAmountError('The idempotency key must be 8 to 100 letters, digits or ._:- characters.');
    return this.apply(
      'adjustment',
      req.accountId,
      req.amountMicros,
      `adjustment:${req.idempotencyKey}`,
      reason,
      req.actor,
    );
  }

  private async apply(
    kind: LedgerKind,
    accountId: string,
    amountMicros: number,
    reference: string,
    reason: string,
    actor: string,
  ): Promise<AppliedEntry> {
    const fingerprint = sha256Hex(JSON.stringify([kind, accountId, amountMicros, reason]));
    const now = this.clock.now();
    const result = this.checked(
      fingerprint,
      await this.ledger.append(
        {
          id: randomUUID(),
          accountId,
          kind,
          amountMicros,
          reference,
          fingerprint,
          reason: reason.slice(0, 500),
          actor: actor.slice(0, 100),
          createdAt: now,
        },
        now,
      ),
    );
    if (!result.replayed) await this.alerts.observe(result.entry);
    return result;
  }

  private checked(fingerprint: string, result: AppliedEntry): AppliedEntry {
    if (result.replayed && result.entry.fingerprint !== fingerprint) throw new IdempotencyConflictError();
    return result;
  }

  /** The balance and what is reserved of it (instances' leases, and holds of single requests from earlier versions). */
  available(accountId: string): Promise<{ balance: number; held: number }> {
    return this.ledger.available(accountId);
  }

  balance(accountId: string): Promise<number> {
    return this.ledger.balance(accountId);
  }

  entries(accountId: string, limit = 50, before?: string): Promise<LedgerEntryEntity[]> {
    return this.ledger.entries(accountId, Math.min(Math.max(limit, 1), 200), before);
  }

  /** The reconciliation check: reports (and logs) any account whose balance ≠ Σ entries. */
  async reconcile(): Promise<Drift[]> {
    const drift = await this.ledger.drift();
    for (const d of drift)
      this.logger.error(`ledger drift on ${d.accountId}: balance ${d.balanceMicros} ≠ entries ${d.ledgerSumMicros}`);
    return drift;
  }

  /**
   * Held amounts that are not the sum of their holds, seen twice `settleMs` apart with the same
   * values (a hold being placed differs only for an instant). Reported for an operator: fixing
   * one means adjusting held_micros by hand once the account has no request in flight.
   */
  async reconcileHolds(settleMs = 1_000): Promise<HeldDrift[]> {
    const first = await this.ledger.heldDrift();
    if (first.length === 0) return [];
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const again = new Map((await this.ledger.heldDrift()).map((d) => [d.accountId, d]));
    const lasting = first.filter(
      (d) =>
        again.get(d.accountId)?.heldMicros === d.heldMicros &&
        again.get(d.accountId)?.holdsSumMicros === d.holdsSumMicros,
    );
    for (const d of lasting)
      this.logger.error(`held drift on ${d.accountId}: held ${d.heldMicros} ≠ holds ${d.holdsSumMicros}`);
    return lasting;
  }
}
