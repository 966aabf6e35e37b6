import { Injectable } from '@nestjs/common';
import { Database, deleteInBatches } from '@vipcloud/platform';
import { CLOSED_STATUSES, RightsRequestEntity } from './rights-request.entity';

/** Rights requests: the account's own, and support's queue. */
@Injectable()
export class RightsRequestsRepository {
  constructor(private readonly db: Database) {}

  async insert(request: RightsRequestEntity): Promise<void> {
    await this.db.write((em) => em.insert(RightsRequestEntity, { ...request }));
  }

  findById(id: string): Promise<RightsRequestEntity | null> {
    return this.db.repository(RightsRequestEntity).findOne({ where: { id } });
  }

  /** The account's requests, newest first. */
  listOf(accountId: string, limit?: number): Promise<RightsRequestEntity[]> {
    return this.db
      .repository(RightsRequestEntity)
      .find({ where: { accountId }, order: { receivedAt: 'DESC', id: 'ASC' }, take: limit });
  }

  countOf(accountId: string): Promise<number> {
    return this.db.repository(RightsRequestEntity).count({ where: { accountId } });
  }

  /** Support's queue: soonest due first; the answered ones only when asked for. */
  queue(includeClosed: boolean): Promise<RightsRequestEntity[]> {
    const query = this.db
      .selectBuilder(RightsRequestEntity, 'r')
      .orderBy('r.due_at', 'ASC')
      .addOrderBy('r.received_at', 'ASC')
      .addOrderBy('r.id', 'ASC');
    if (!includeClosed) query.where('r.status NOT IN (:...closed)', { closed: CLOSED_STATUSES });
    return query.getMany();
  }

  async update(id: string, changes: Partial<RightsRequestEntity>): Promise<void> {
    await this.db.write((em) => em.update(RightsRequestEntity, { id }, changes));
  }

  /**
   * Erasure: the account's requests stay as the record that they were answered, without anything
   * that identifies the person (account, address, their words, support's note).
   */
  async pseudonymiseAccount(accountId: string): Promise<number> {
    const result = await this.db.write((em) =>
      em.update(
        RightsRequestEntity,
        { accountId },
        { accountId: null, contactEmail: null, description: null, note: null },
      ),
    );
    return result.affected ?? 0;
  }

  /** Requests answered before `cutoff`, `batch` at a time (found by the closed_at index). */
  deleteClosedBefore(cutoff: Date, batch = 500): Promise<number> {
    return deleteInBatches(this.db, RightsRequestEntity, {
      key: 'id',
      where: 'closed_at IS NOT NULL AND closed_at < :cutoff',
      params: { cutoff },
      batch,
    });
  }
}
