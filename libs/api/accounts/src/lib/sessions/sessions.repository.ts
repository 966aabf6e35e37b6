import { Injectable } from '@nestjs/common';
import { Database, deleteInBatches } from '@vipcloud/platform';
import { IsNull, ObjectLiteral } from 'typeorm';
import { SessionEntity } from '../entities/session.entity';

@Injectable()
export class SessionsRepository {
  constructor(private readonly db: Database) {}

  private get repo() {
    return this.db.repository(SessionEntity);
  }

  async insert(session: SessionEntity): Promise<void> {
    await this.db.write((em) => em.insert(SessionEntity, session));
  }

  findLiveByHash(tokenHash: string): Promise<SessionEntity | null> {
    return this.repo.findOneBy({ tokenHash, endedAt: IsNull() });
  }

  listLive(accountId: string): Promise<SessionEntity[]> {
    return this.repo.find({ where: { accountId, endedAt: IsNull() }, order: { lastSeenAt: 'DESC' } });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.write((em) => em.update(SessionEntity, { id }, { lastSeenAt: at }));
  }

  /** Ends one of the account's sessions; false if it is not theirs or already ended. */
  async end(accountId: string, id: string, at: Date): Promise<boolean> {
    const result = await this.db.write((em) =>
      em.update(SessionEntity, { id, accountId, endedAt: IsNull() }, { endedAt: at }),
    );
    return (result.affected ?? 0) > 0;
  }

  async endAll(accountId: string, at: Date): Promise<number> {
    const result = await this.db.write((em) =>
      em.update(SessionEntity, { accountId, endedAt: IsNull() }, { endedAt: at }),
    );
    return result.affected ?? 0;
  }

  /**
   * Deletes the sessions that ended before `cutoff`: marked ended before it, or never marked but
   * past their absolute end before it, or idle since before `idleCutoff` (the cutoff less the idle
   * timeout). Each condition scans one index range, in batches, each batch its own short
   * transaction, so sign-ins and touches keep flowing while a backlog goes.
   */
  async deleteEndedBefore(cutoff: Date, idleCutoff: Date, batch = 500): Promise<number> {
    const ranges: Array<[string, ObjectLiteral]> = [
      ['ended_at < :cutoff', { cutoff }],
      ['ended_at IS NULL AND expires_at < :cutoff', { cutoff }],
      ['ended_at IS NULL AND last_seen_at < :idleCutoff', { idleCutoff }],
    ];
    let total = 0;
    for (const [where, params] of ranges)
      total += await deleteInBatches(this.db, SessionEntity, { key: 'id', where, params, batch });
    return total;
  }
}
