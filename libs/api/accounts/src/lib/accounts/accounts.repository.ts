import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { randomUUID } from 'node:crypto';
import { AccountEntity } from '../entities/account.entity';
import { ProfileChangeEntity } from '../entities/profile-change.entity';

@Injectable()
export class AccountsRepository {
  constructor(private readonly db: Database) {}

  private get repo() {
    return this.db.repository(AccountEntity);
  }

  insert(account: AccountEntity): Promise<unknown> {
    return this.db.write((em) => em.insert(AccountEntity, account));
  }

  findById(id: string): Promise<AccountEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByEmail(email: string): Promise<AccountEntity | null> {
    return this.repo.findOneBy({ email });
  }

  async update(
    id: string,
    changes: Partial<Pick<AccountEntity, 'role' | 'status' | 'termsVersion' | 'termsAcceptedAt' | 'displayName'>>,
  ): Promise<void> {
    await this.db.write((em) => em.update(AccountEntity, { id }, changes));
  }

  /** The owner's new display name, and the record that it changed (never the value), together. */
  async setDisplayName(id: string, displayName: string | null, at: Date): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.update(AccountEntity, { id }, { displayName });
      await em.insert(ProfileChangeEntity, { id: randomUUID(), accountId: id, field: 'displayName', changedAt: at });
    });
  }

  /** Active accounts with an address, created before `createdBefore`, in id order after `afterId`. */
  async activeIdsCreatedBefore(createdBefore: Date, afterId: string | null, limit: number): Promise<string[]> {
    const query = this.db
      .selectBuilder(AccountEntity, 'a')
      .select('a.id', 'id')
      .where("a.status = 'active' AND a.email <> '' AND a.created_at < :createdBefore", { createdBefore });
    if (afterId !== null) query.andWhere('a.id > :afterId', { afterId });
    const rows = await query.orderBy('a.id', 'ASC').limit(limit).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** Closes an active account; false when it was not active (already closed, or suspended). */
  async close(id: string, closedAt: Date, deleteAfter: Date): Promise<boolean> {
    const result = await this.db.write((em) =>
      em.update(AccountEntity, { id, status: 'active' }, { status: 'closed', closedAt, deleteAfter }),
    );
    return (result.affected ?? 0) > 0;
  }

  /**
   * Reopens an account closed by its owner whose grace period has not ended by `now`; false
   * otherwise (so a sign-in racing the erasure task cannot revive a half-erased account).
   */
  async reopen(id: string, now: Date): Promise<boolean> {
    const result = await this.db.write((em) =>
      em
        .createQueryBuilder()
        .update(AccountEntity)
        .set({ status: 'active', closedAt: null, deleteAfter: null })
        .where("id = :id AND status = 'closed' AND delete_after > :now", { id, now })
        .execute(),
    );
    return (result.affected ?? 0) > 0;
  }

  /** Closes an account whatever its status, due for erasure at once (support's no-grace closure). */
  async closeAt(id: string, at: Date): Promise<void> {
    await this.db.write((em) =>
      em
        .createQueryBuilder()
        .update(AccountEntity)
        .set({ status: 'closed', closedAt: () => 'COALESCE(closed_at, :at)', deleteAfter: at })
        .where('id = :id', { id })
        .setParameters({ at })
        .execute(),
    );
  }

  /** Closed accounts whose grace period ends by `cutoff`, in id order after `afterId`. */
  async closedDueIds(cutoff: Date, afterId: string | null, limit: number): Promise<string[]> {
    const query = this.db
      .selectBuilder(AccountEntity, 'a')
      .select('a.id', 'id')
      .where("a.status = 'closed' AND a.delete_after <= :cutoff", { cutoff });
    if (afterId !== null) query.andWhere('a.id > :afterId', { afterId });
    const rows = await query.orderBy('a.id', 'ASC').limit(limit).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** The confirmed new email (the unique index refuses one another account holds). */
  async setEmail(id: string, email: string): Promise<void> {
    await this.db.write((em) => em.update(AccountEntity, { id }, { email }));
  }

  list(): Promise<AccountEntity[]> {
    return this.repo.find({ order: { createdAt: 'ASC' } });
  }
}
