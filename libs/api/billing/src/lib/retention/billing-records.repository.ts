import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database, deleteInBatches } from '@vipcloud/platform';
import { In, type EntityManager } from 'typeorm';
import { CreditAlertEntity } from '../entities/credit-alert.entity';
import { CreditBalanceEntity } from '../entities/credit-balance.entity';
import { CreditHoldEntity } from '../entities/credit-hold.entity';
import { CreditSettlementEntity } from '../entities/credit-settlement.entity';
import { LedgerEntryEntity } from '../entities/ledger-entry.entity';
import { PaymentEventEntity } from '../entities/payment-event.entity';
import { PurchaseEntity } from '../entities/purchase.entity';
import {
  isUsageAggregateReference,
  usageAggregateReason,
  usageAggregateReference,
  usagePeriod,
} from '../ledger/usage-aggregate';

/** A usage entry named after a request (`usage:<request id>`) rather than an hourly aggregate (three colons). */
const PER_REQUEST_USAGE = "e.kind = 'usage' AND e.reference NOT LIKE 'usage:%:%'";

/**
 * The model a usage entry was billed for: the first word of its price snapshot, or, for an entry
 * older than snapshots, the one its reason names (`API request <id> (<model>)`).
 */
function modelOf(entry: LedgerEntryEntity): string {
  if (entry.priceSnapshot) return entry.priceSnapshot.split(' ')[0];
  return /\(([^()]+)\)\s*$/.exec(entry.reason)?.[1] ?? 'unknown';
}

/** Whole-table work on billing records: renaming an account's rows, deleting old ones. */
@Injectable()
export class BillingRecordsRepository {
  constructor(private readonly db: Database) {}

  /** The account's credit holds: request holds and the leases of every instance. */
  async holdsOf(accountId: string): Promise<number> {
    return this.db.repository(CreditHoldEntity).count({ where: { accountId } });
  }

  /** Moves every billing row of an account to `pseudonym` in one transaction; alerts and holds go. */
  async renameAccount(accountId: string, pseudonym: string): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.delete(CreditAlertEntity, { accountId });
      await em.delete(CreditHoldEntity, { accountId });
      // Usage aggregates name their account in their reference (`usage:<account>:<hour>:<hash>`):
      // renamed too, or the kept records would still point at the person.
      const prefix = `usage:${accountId}:`;
      await em
        .createQueryBuilder()
        .update(LedgerEntryEntity)
        .set({ reference: () => `REPLACE(reference, :prefix, :renamed)` })
        .where('account_id = :accountId AND reference LIKE :like', { accountId, like: `${prefix}%` })
        .setParameters({ prefix, renamed: `usage:${pseudonym}:` })
        .execute();
      for (const entity of [LedgerEntryEntity, PurchaseEntity, CreditBalanceEntity]) {
        await em
          .createQueryBuilder()
          .update(entity)
          .set({ accountId: pseudonym })
          .where('account_id = :accountId', { accountId })
          .execute();
      }
      await em.update(CreditBalanceEntity, { accountId: pseudonym }, { heldMicros: 0 });
    });
  }

  /**
   * Deletes rows older than `cutoff` in small batches, each its own short transaction, so
   * checkouts and notifications keep flowing while years of records go.
   */
  deleteOlderThan(
    entity: typeof PurchaseEntity | typeof PaymentEventEntity,
    cutoff: Date,
    batch = 500,
  ): Promise<number> {
    const [key, time] = entity === PurchaseEntity ? ['id', 'created_at'] : ['event_id', 'received_at'];
    return deleteInBatches<PurchaseEntity | PaymentEventEntity>(this.db, entity, {
      key,
      where: `${time} < :cutoff`,
      params: { cutoff },
      batch,
    });
  }

  /**
   * Deletes the settlement records (which request ids were charged, and when) settled before
   * `cutoff`, in small batches like the other purges: they are per-request metadata, kept only as
   * long as a retried settlement may still arrive and the request's metadata row is kept.
   */
  deleteSettlementsBefore(cutoff: Date, batch = 500): Promise<number> {
    return deleteInBatches(this.db, CreditSettlementEntity, {
      key: 'request_id',
      where: 'settled_at < :cutoff',
      params: { cutoff },
      batch,
    });
  }

  /** Accounts that still have usage entries named after a request (written by an earlier version). */
  async accountsWithPerRequestUsage(limit = 1000): Promise<string[]> {
    const rows = await this.db
      .selectBuilder(LedgerEntryEntity, 'e')
      .select('DISTINCT e.account_id', 'account_id')
      .where(PER_REQUEST_USAGE)
      .limit(limit)
      .getRawMany<{ account_id: string }>();
    return rows.map((r) => r.account_id);
  }

  /**
   * Folds up to `batch` of an account's per-request usage entries into its hourly aggregates, as the
   * migration to aggregates did, in one transaction under the balance row's lock (the lock the
   * settlement of new usage takes too, so the two never interleave on an account). Σ entries and
   * the balance do not change. The request ids of entries made since `recordSince` become
   * settlement records, so a replay of such a settlement still finds that it was charged. Returns
   * how many entries were folded.
   */
  async foldPerRequestUsage(accountId: string, recordSince: Date, batch = 1000): Promise<number> {
    return this.db.transaction(async (em) => {
      await em.getRepository(CreditBalanceEntity).findOne({ where: { accountId }, ...this.db.forUpdate });
      const entries = (
        await em
          .getRepository(LedgerEntryEntity)
          .createQueryBuilder('e')
          .where(`e.account_id = :accountId AND ${PER_REQUEST_USAGE}`, { accountId })
          .orderBy('e.seq', 'ASC')
          .limit(batch)
          .getMany()
      ).filter((e) => !isUsageAggregateReference(e.reference));
      if (entries.length === 0) return 0;
      const groups = new Map<string, { model: string; last: LedgerEntryEntity; amount: number }>();
      for (const e of entries) {
        const model = modelOf(e);
        const reference = usageAggregateReference(accountId, model, e.priceSnapshot ?? '', e.createdAt);
        const group = groups.get(reference) ?? { model, last: e, amount: 0 };
        group.amount += e.amountMicros;
        group.last = e; // in seq order: the latest is the group's last
        groups.set(reference, group);
      }
      await em.delete(LedgerEntryEntity, { seq: In(entries.map((e) => e.seq)) });
      const records = entries
        .filter((e) => e.createdAt >= recordSince && e.reference.length - 'usage:'.length <= 64)
        .map((e) => ({ requestId: e.reference.slice('usage:'.length), accountId, settledAt: e.createdAt }));
      if (records.length > 0)
        await em.createQueryBuilder().insert().into(CreditSettlementEntity).values(records).orIgnore().execute();
      for (const [reference, g] of groups) await this.addToAggregate(em, reference, g);
      return entries.length;
    });
  }

  private async addToAggregate(
    em: EntityManager,
    reference: string,
    g: { model: string; last: LedgerEntryEntity; amount: number },
  ): Promise<void> {
    // A plain read: the balance row's lock, taken before this transaction's first plain read (its
    // snapshot), orders every writer of this account's aggregates; a locking read of a missing
    // reference would gap-lock the index against other accounts' settlements.
    const existing = await em.getRepository(LedgerEntryEntity).findOneBy({ reference });
    if (existing) {
      // Its balance after is whichever of the two last changed the balance.
      const balanceAfter = existing.seq > g.last.seq ? existing.balanceAfterMicros : g.last.balanceAfterMicros;
      await em
        .createQueryBuilder()
        .update(LedgerEntryEntity)
        .set({ amountMicros: () => `amount_micros + ${g.amount}`, balanceAfterMicros: balanceAfter })
        .where('seq = :seq', { seq: existing.seq })
        .execute();
      return;
    }
    const period = usagePeriod(g.last.createdAt);
    // The aggregate takes the seq of the hour's last entry (deleted above): the ledger still reads
    // in the order it was applied, with that entry's balance after.
    await em
      .createQueryBuilder()
      .insert()
      .into(LedgerEntryEntity)
      .values({
        seq: g.last.seq,
        id: randomUUID(),
        accountId: g.last.accountId,
        kind: 'usage',
        amountMicros: g.amount,
        balanceAfterMicros: g.last.balanceAfterMicros,
        reference,
        fingerprint: period.key,
        reason: usageAggregateReason(g.model, period.start),
        priceSnapshot: g.last.priceSnapshot ?? null,
        actor: 'system',
        createdAt: period.start,
      })
      .execute();
  }

  /** Pseudonymised accounts whose newest ledger entry is older than `cutoff`. */
  async closedAccountsOlderThan(prefix: string, cutoff: Date): Promise<string[]> {
    const rows = await this.db
      .selectBuilder(LedgerEntryEntity, 'e')
      .select('e.account_id', 'account_id')
      .where('e.account_id LIKE :p', { p: `${prefix}%` })
      .groupBy('e.account_id')
      .having('MAX(e.created_at) < :cutoff', { cutoff })
      .getRawMany<{ account_id: string }>();
    return rows.map((r) => r.account_id);
  }

  /** The whole history of a closed account at once, so what stays still sums to its balance. */
  async deleteAccountLedger(accountId: string): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.delete(LedgerEntryEntity, { accountId });
      await em.delete(CreditBalanceEntity, { accountId });
    });
  }
}
