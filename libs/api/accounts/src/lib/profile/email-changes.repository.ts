import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database, deleteInBatches } from '@vipcloud/platform';
import { AccountEntity } from '../entities/account.entity';
import { PendingEmailChangeEntity } from '../entities/pending-email-change.entity';
import { ProfileChangeEntity } from '../entities/profile-change.entity';

export type ConfirmOutcome = 'confirmed' | 'taken' | 'invalid';

@Injectable()
export class EmailChangesRepository {
  constructor(private readonly db: Database) {}

  private get repo() {
    return this.db.repository(PendingEmailChangeEntity);
  }

  /** Stores the account's pending change, replacing an earlier one (whose link stops working). */
  async replace(pending: PendingEmailChangeEntity): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.delete(PendingEmailChangeEntity, { accountId: pending.accountId });
      await em.insert(PendingEmailChangeEntity, { ...pending });
    });
  }

  findByAccount(accountId: string): Promise<PendingEmailChangeEntity | null> {
    return this.repo.findOneBy({ accountId });
  }

  findByTokenHash(tokenHash: string): Promise<PendingEmailChangeEntity | null> {
    return this.repo.findOneBy({ tokenHash });
  }

  async delete(accountId: string, tokenHash: string): Promise<void> {
    await this.db.write((em) => em.delete(PendingEmailChangeEntity, { accountId, tokenHash }));
  }

  /**
   * Confirms a pending change in one transaction: the pending row goes (so a link works once), the
   * account takes the new email (an active account only), and the change is recorded. `taken` when
   * another account holds the email by now (the unique index decides, whatever raced).
   */
  async confirm(pending: PendingEmailChangeEntity, at: Date): Promise<ConfirmOutcome> {
    try {
      return await this.db.transaction(async (em) => {
        const taken = await em.delete(PendingEmailChangeEntity, {
          accountId: pending.accountId,
          tokenHash: pending.tokenHash,
        });
        if ((taken.affected ?? 0) === 0) return 'invalid';
        const updated = await em.update(
          AccountEntity,
          { id: pending.accountId, status: 'active' },
          { email: pending.email },
        );
        if ((updated.affected ?? 0) === 0) return 'invalid';
        await em.insert(ProfileChangeEntity, {
          id: randomUUID(),
          accountId: pending.accountId,
          field: 'email',
          changedAt: at,
        });
        return 'confirmed';
      });
    } catch (err) {
      if (this.db.isUniqueViolation(err)) {
        await this.delete(pending.accountId, pending.tokenHash);
        return 'taken';
      }
      throw err;
    }
  }

  /** Deletes pending changes whose link expired before `now`, in batches. */
  deleteExpired(now: Date, batch = 500): Promise<number> {
    return deleteInBatches(this.db, PendingEmailChangeEntity, {
      key: 'account_id',
      where: 'expires_at <= :now',
      params: { now },
      batch,
    });
  }
}
