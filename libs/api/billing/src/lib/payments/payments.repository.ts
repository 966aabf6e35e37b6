import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { inTransaction } from '@vipcloud/platform';
import { DataSource, EntityManager } from 'typeorm';
import { PaymentEventEntity, PaymentEventStatus } from '../entities/payment-event.entity';
import { PurchaseEntity } from '../entities/purchase.entity';

/** Purchases and processor notifications. */
@Injectable()
export class PaymentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get sqlite(): boolean {
    return this.db.options.type === 'better-sqlite3';
  }

  async eventExists(eventId: string): Promise<boolean> {
    return (await this.db.getRepository(PaymentEventEntity).countBy({ eventId })) > 0;
  }

  /** The first write of a notification's transaction: a redelivery fails here on the primary key. */
  async insertEvent(em: EntityManager, row: PaymentEventEntity): Promise<void> {
    await em.insert(PaymentEventEntity, { ...row });
  }

  async setEventStatus(em: EntityManager, eventId: string, status: PaymentEventStatus): Promise<void> {
    await em.update(PaymentEventEntity, { eventId }, { status });
  }

  deferredFor(em: EntityManager, transactionId: string): Promise<PaymentEventEntity[]> {
    return em.getRepository(PaymentEventEntity).find({ where: { transactionId, status: 'deferred' }, order: { occurredAt: 'ASC', eventId: 'ASC' } });
  }

  insertPurchase(purchase: PurchaseEntity): Promise<unknown> {
    return this.db.getRepository(PurchaseEntity).insert({ ...purchase });
  }

  /** Creates the row unless one exists for the transaction; outside any transaction (see ensureBalanceRow). */
  async insertPurchaseIfAbsent(purchase: PurchaseEntity): Promise<void> {
    const insert = (em: EntityManager) => em.createQueryBuilder().insert().into(PurchaseEntity).values({ ...purchase }).orIgnore().execute();
    // SQLite shares one connection: queued, the insert cannot join (and be lost with) another transaction.
    if (this.sqlite) await inTransaction(this.db, insert);
    else await insert(this.db.manager);
  }

  async eventExistsIn(em: EntityManager, eventId: string): Promise<boolean> {
    return (await em.getRepository(PaymentEventEntity).countBy({ eventId })) > 0;
  }

  countPendingSince(accountId: string, since: Date): Promise<number> {
    return this.db.getRepository(PurchaseEntity).createQueryBuilder('p').where("p.account_id = :accountId AND p.status = 'pending' AND p.created_at >= :since", { accountId, since }).getCount();
  }

  findByTransaction(transactionId: string): Promise<PurchaseEntity | null> {
    return this.db.getRepository(PurchaseEntity).findOneBy({ processorTransactionId: transactionId });
  }

  /** The purchase row, locked for the rest of the transaction: its events apply one at a time. */
  lockByTransaction(em: EntityManager, transactionId: string): Promise<PurchaseEntity | null> {
    return em.getRepository(PurchaseEntity).findOne({ where: { processorTransactionId: transactionId }, ...(this.sqlite ? {} : { lock: { mode: 'pessimistic_write' as const } }) });
  }

  async savePurchase(em: EntityManager, purchase: PurchaseEntity): Promise<void> {
    const { id, ...rest } = purchase;
    await em.update(PurchaseEntity, { id }, rest);
  }

  findPurchase(id: string): Promise<PurchaseEntity | null> {
    return this.db.getRepository(PurchaseEntity).findOneBy({ id });
  }

  async markRefundRequested(id: string, at: Date): Promise<boolean> {
    const result = await this.db
      .createQueryBuilder()
      .update(PurchaseEntity)
      .set({ refundRequestedAt: at, updatedAt: at })
      .where('id = :id AND refund_requested_at IS NULL', { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async clearRefundRequest(id: string): Promise<void> {
    await this.db.getRepository(PurchaseEntity).update({ id }, { refundRequestedAt: null });
  }

  /** Newest first; `after` is the id of the last purchase of the previous page. */
  async purchases(accountId: string, limit: number, after?: string): Promise<PurchaseEntity[]> {
    const qb = this.db.getRepository(PurchaseEntity).createQueryBuilder('p').where('p.account_id = :accountId', { accountId });
    if (after) {
      const cursor = await this.db.getRepository(PurchaseEntity).findOneBy({ id: after, accountId });
      if (cursor) qb.andWhere('(p.created_at < :at OR (p.created_at = :at AND p.id < :id))', { at: cursor.createdAt, id: cursor.id });
    }
    return qb.orderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC').limit(limit).getMany();
  }
}
