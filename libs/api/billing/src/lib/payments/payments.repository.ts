import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import type { EntityManager } from 'typeorm';
import { PaymentEventEntity, PaymentEventStatus } from '../entities/payment-event.entity';
import { PurchaseEntity } from '../entities/purchase.entity';

/** Purchases and processor notifications. */
@Injectable()
export class PaymentsRepository {
  constructor(private readonly db: Database) {}

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

  async eventExistsIn(em: EntityManager, eventId: string): Promise<boolean> {
    return (await em.getRepository(PaymentEventEntity).countBy({ eventId })) > 0;
  }

  /** A notification's row: on MySQL a concurrent redelivery fails here on the primary key. */
  async insertEvent(em: EntityManager, row: PaymentEventEntity): Promise<void> {
    await em.insert(PaymentEventEntity, { ...row });
  }

  async setEventStatus(em: EntityManager, eventId: string, status: PaymentEventStatus): Promise<void> {
    await em.update(PaymentEventEntity, { eventId }, { status });
  }

  /**
   * The transaction's waiting adjustments, read with a lock: a locking read sees the latest
   * committed rows, not the snapshot REPEATABLE READ took at the transaction's first plain read.
   */
  deferredFor(em: EntityManager, transactionId: string): Promise<PaymentEventEntity[]> {
    return em.getRepository(PaymentEventEntity).find({
      where: { transactionId, status: 'deferred' },
      order: { occurredAt: 'ASC', eventId: 'ASC' },
      ...this.db.forUpdate,
    });
  }

  /** Whether another notification of this adjustment already moved money (several report one). */
  async adjustmentApplied(em: EntityManager, adjustmentId: string): Promise<boolean> {
    return (await em.getRepository(PaymentEventEntity).countBy({ adjustmentId, status: 'applied' })) > 0;
  }

  async insertPurchase(purchase: PurchaseEntity): Promise<void> {
    await this.db.write((em) => em.insert(PurchaseEntity, { ...purchase }));
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

  countPendingSince(accountId: string, since: Date): Promise<number> {
    return this.db
      .repository(PurchaseEntity)
      .createQueryBuilder('p')
      .where("p.account_id = :accountId AND p.status = 'pending' AND p.created_at >= :since", { accountId, since })
      .getCount();
  }

  findByTransaction(transactionId: string): Promise<PurchaseEntity | null> {
    return this.db.repository(PurchaseEntity).findOneBy({ processorTransactionId: transactionId });
  }

  /** The purchase row, locked for the rest of the transaction: its notifications apply one at a time. */
  lockByTransaction(em: EntityManager, transactionId: string): Promise<PurchaseEntity | null> {
    return em
      .getRepository(PurchaseEntity)
      .findOne({ where: { processorTransactionId: transactionId }, ...this.db.forUpdate });
  }

  async savePurchase(em: EntityManager, purchase: PurchaseEntity): Promise<void> {
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
    const qb = this.db
      .repository(PurchaseEntity)
      .createQueryBuilder('p')
      .where('p.account_id = :accountId', { accountId });
    if (after) {
      const cursor = await this.db.repository(PurchaseEntity).findOneBy({ id: after, accountId });
      if (cursor)
        qb.andWhere('(p.created_at < :at OR (p.created_at = :at AND p.id < :id))', {
          at: cursor.createdAt,
          id: cursor.id,
        });
    }
    return qb.orderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC').limit(limit).getMany();
  }
}
