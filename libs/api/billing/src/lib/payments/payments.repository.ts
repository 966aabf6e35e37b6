import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import type { EntityManager } from 'typeorm';
import type { LedgerEntryEntity } from '../entities/ledger-entry.entity';
import { CreditBalanceEntity } from '../entities/credit-balance.entity';
import { PaymentCursorEntity } from '../entities/payment-cursor.entity';
import { PaymentEventEntity, PaymentEventStatus } from '../entities/payment-event.entity';
import { PurchaseEntity } from '../entities/purchase.entity';
import { LedgerRepository, NewEntry } from '../ledger/ledger.repository';

/**
 * What applying a notification may do, all on its transaction: the purchase row is already
 * locked, and everything here commits or rolls back with the notification's own row.
 */
export interface NotificationTransaction {
  /** The transaction's waiting adjustments, oldest first, read with a lock (the latest committed rows). */
  deferredFor(transactionId: string): Promise<PaymentEventEntity[]>;
  /** Whether another notification of this adjustment already moved money (several report one). */
  adjustmentApplied(adjustmentId: string): Promise<boolean>;
  setEventStatus(eventId: string, status: PaymentEventStatus): Promise<void>;
  savePurchase(purchase: PurchaseEntity): Promise<void>;
  /** A ledger entry; the account's balance row must exist (LedgerRepository.ensureBalanceRow). */
  appendLedger(entry: NewEntry, at: Date): Promise<LedgerEntryEntity>;
}

/**
 * Decides what a notification does, given its purchase (locked; null when there is none). Called
 * again from the start if MySQL picks the transaction as a deadlock victim.
 */
export type ApplyNotification = (
  tx: NotificationTransaction,
  purchase: PurchaseEntity | null,
) => Promise<PaymentEventStatus>;

/** Purchases and processor notifications. */
@Injectable()
export class PaymentsRepository {
  constructor(
    private readonly db: Database,
    private readonly ledger: LedgerRepository,
  ) {}

  /**
   * Applies a notification exactly once, in one transaction: its row, what `apply` decides and its
   * final status commit together, and its id as primary key makes every redelivery a no-op.
   */
  async applyNotification(row: PaymentEventEntity, apply: ApplyNotification): Promise<PaymentEventStatus | 'replayed'> {
    try {
      return await this.db.transaction(async (em): Promise<PaymentEventStatus | 'replayed'> => {
        // The purchase is locked before anything else is read, so every read after it (MariaDB
        // takes its REPEATABLE READ snapshot at the first plain read) sees what the previous
        // notification of this transaction committed.
        const locked = row.transactionId ? await this.lockByTransaction(em, row.transactionId) : null;
        // Final on SQLite (transactions run one at a time): a redelivery ends here without a
        // rollback. On MySQL a concurrent one is also stopped by the primary key below.
        if (await this.eventExistsIn(em, row.eventId)) return 'replayed';
        await this.insertEvent(em, row);
        const outcome = await apply(this.notificationTransaction(em), locked);
        await this.setEventStatus(em, row.eventId, outcome);
        return outcome;
      });
    } catch (err) {
      // A concurrent delivery of the same notification committed first (MySQL).
      if (this.db.isUniqueViolation(err) && (await this.eventExists(row.eventId))) return 'replayed';
      throw err;
    }
  }

  private notificationTransaction(em: EntityManager): NotificationTransaction {
    return {
      deferredFor: (transactionId) => this.deferredFor(em, transactionId),
      adjustmentApplied: (adjustmentId) => this.adjustmentApplied(em, adjustmentId),
      setEventStatus: (eventId, status) => this.setEventStatus(em, eventId, status),
      savePurchase: (purchase) => this.savePurchase(em, purchase),
      appendLedger: (entry, at) => this.ledger.appendIn(em, entry, at),
    };
  }

  /**
   * A committed notification with this id, checked before any work. Not on SQLite: outside the
   * queue it could see a notification still in flight, which might yet roll back.
   */
  async knownEvent(eventId: string): Promise<boolean> {
    return !this.db.isSqlite && (await this.eventExists(eventId));
  }

  async eventExists(eventId: string): Promise<boolean> {
    return (await this.db.repository(PaymentEventEntity).countBy({ eventId })) > 0;
  }

  private async eventExistsIn(em: EntityManager, eventId: string): Promise<boolean> {
    return (await em.getRepository(PaymentEventEntity).countBy({ eventId })) > 0;
  }

  /** A notification's row: on MySQL a concurrent redelivery fails here on the primary key. */
  private async insertEvent(em: EntityManager, row: PaymentEventEntity): Promise<void> {
    await em.insert(PaymentEventEntity, { ...row });
  }

  private async setEventStatus(em: EntityManager, eventId: string, status: PaymentEventStatus): Promise<void> {
    await em.update(PaymentEventEntity, { eventId }, { status });
  }

  /**
   * The transaction's waiting adjustments, read with a lock: a locking read sees the latest
   * committed rows, not the snapshot REPEATABLE READ took at the transaction's first plain read.
   */
  private deferredFor(em: EntityManager, transactionId: string): Promise<PaymentEventEntity[]> {
    return em.getRepository(PaymentEventEntity).find({
      where: { transactionId, status: 'deferred' },
      order: { occurredAt: 'ASC', eventId: 'ASC' },
      ...this.db.forUpdate,
    });
  }

  /** Whether another notification of this adjustment already moved money (several report one). */
  private async adjustmentApplied(em: EntityManager, adjustmentId: string): Promise<boolean> {
    return (await em.getRepository(PaymentEventEntity).countBy({ adjustmentId, status: 'applied' })) > 0;
  }

  /** Creates the row unless one exists for the transaction; outside any transaction (see ensureBalanceRow). */
  async insertPurchaseIfAbsent(purchase: PurchaseEntity): Promise<void> {
    await this.db.write((em) =>
      em
        .createQueryBuilder()
        .insert()
        .into(PurchaseEntity)
        .values({ ...purchase })
        .orIgnore()
        .execute(),
    );
  }

  /**
   * Inserts a pending purchase unless the account already has `cap` pending since `since`; false then.
   * The account's balance row is locked while counting, so concurrent checkouts (on any instance) take
   * the slots one at a time and never pass the cap together.
   */
  async insertPendingWithinCap(purchase: PurchaseEntity, cap: number, since: Date): Promise<boolean> {
    await this.ledger.ensureBalanceRow(purchase.accountId, purchase.createdAt);
    return this.db.transaction(async (em) => {
      await em
        .getRepository(CreditBalanceEntity)
        .findOne({ where: { accountId: purchase.accountId }, ...this.db.forUpdate });
      const pending = await em
        .getRepository(PurchaseEntity)
        .createQueryBuilder('p')
        .where("p.account_id = :accountId AND p.status = 'pending' AND p.created_at >= :since", {
          accountId: purchase.accountId,
          since,
        })
        .getCount();
      if (pending >= cap) return false;
      await em.insert(PurchaseEntity, { ...purchase });
      return true;
    });
  }

  /** The processor's transaction for a purchase whose slot was taken before the processor was asked. */
  async setProcessorTransaction(purchaseId: string, transactionId: string, at: Date): Promise<void> {
    await this.db.write((em) =>
      em.update(PurchaseEntity, { id: purchaseId }, { processorTransactionId: transactionId, updatedAt: at }),
    );
  }

  /** A purchase the processor never started (its checkout failed): nothing refers to it. */
  async deleteUnstartedPurchase(purchaseId: string): Promise<void> {
    await this.db.write((em) => em.delete(PurchaseEntity, { id: purchaseId, status: 'pending' }));
  }

  countPendingSince(accountId: string, since: Date): Promise<number> {
    return this.db
      .selectBuilder(PurchaseEntity, 'p')
      .where("p.account_id = :accountId AND p.status = 'pending' AND p.created_at >= :since", { accountId, since })
      .getCount();
  }

  findByTransaction(transactionId: string): Promise<PurchaseEntity | null> {
    return this.db.repository(PurchaseEntity).findOneBy({ processorTransactionId: transactionId });
  }

  /** The purchase row, locked for the rest of the transaction: its notifications apply one at a time. */
  private lockByTransaction(em: EntityManager, transactionId: string): Promise<PurchaseEntity | null> {
    return em
      .getRepository(PurchaseEntity)
      .findOne({ where: { processorTransactionId: transactionId }, ...this.db.forUpdate });
  }

  private async savePurchase(em: EntityManager, purchase: PurchaseEntity): Promise<void> {
    const { id, ...rest } = purchase;
    await em.update(PurchaseEntity, { id }, rest);
  }

  findPurchase(id: string): Promise<PurchaseEntity | null> {
    return this.db.repository(PurchaseEntity).findOneBy({ id });
  }

  /** Claims the refund request; false if one is already open. */
  async markRefundRequested(id: string, at: Date): Promise<boolean> {
    const result = await this.db.write((em) =>
      em
        .createQueryBuilder()
        .update(PurchaseEntity)
        .set({ refundRequestedAt: at, refundAdjustmentId: null, updatedAt: at })
        .where('id = :id AND refund_requested_at IS NULL', { id })
        .execute(),
    );
    return (result.affected ?? 0) > 0;
  }

  async setRefundAdjustment(id: string, adjustmentId: string | null, requestedAt: Date | null): Promise<void> {
    await this.db.write((em) =>
      em.update(PurchaseEntity, { id }, { refundAdjustmentId: adjustmentId, refundRequestedAt: requestedAt }),
    );
  }

  /** Newest first; `after` is the id of the last purchase of the previous page. */
  async purchases(accountId: string, limit: number, after?: string): Promise<PurchaseEntity[]> {
    let qb = this.db.selectBuilder(PurchaseEntity, 'p').where('p.account_id = :accountId', { accountId });
    if (after) {
      const cursor = await this.db.repository(PurchaseEntity).findOneBy({ id: after, accountId });
      if (cursor)
        qb = qb.andWhere('(p.created_at < :at OR (p.created_at = :at AND p.id < :id))', {
          at: cursor.createdAt,
          id: cursor.id,
        });
    }
    return qb.orderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC').limit(limit).getMany();
  }

  /** The last notification of the processor's log the backfill applied, or null before its first run. */
  async backfillCursor(processor: string): Promise<string | null> {
    return (await this.db.repository(PaymentCursorEntity).findOneBy({ processor }))?.lastEventId ?? null;
  }

  /**
   * Moves the backfill's cursor. Two overlapping runs may store theirs in either order: a cursor
   * moved back only makes the next run list again what was applied (each a no-op), never skip.
   */
  async saveBackfillCursor(processor: string, lastEventId: string, at: Date): Promise<void> {
    await this.db.write((em) =>
      em.upsert(PaymentCursorEntity, { processor, lastEventId, updatedAt: at }, ['processor']),
    );
  }
}
