import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { In, LessThan } from 'typeorm';
import { AbuseCaseEventEntity } from '../entities/abuse-case-event.entity';
import { AbuseCaseEntity, CaseStatus } from '../entities/abuse-case.entity';
import { AbuseReportEntity } from '../entities/abuse-report.entity';

@Injectable()
export class AbuseCasesRepository {
  constructor(private readonly db: Database) {}

  /** A new case with what opened it, all or nothing. */
  async open(kase: AbuseCaseEntity, event: AbuseCaseEventEntity, report: AbuseReportEntity | null): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.insert(AbuseCaseEntity, { ...kase });
      await em.insert(AbuseCaseEventEntity, { ...event });
      if (report) await em.insert(AbuseReportEntity, { ...report });
    });
  }

  list(status: CaseStatus, limit: number): Promise<AbuseCaseEntity[]> {
    return this.db.repository(AbuseCaseEntity).find({ where: { status }, order: { openedAt: 'DESC' }, take: limit });
  }

  find(id: string): Promise<AbuseCaseEntity | null> {
    return this.db.repository(AbuseCaseEntity).findOneBy({ id });
  }

  events(caseId: string): Promise<AbuseCaseEventEntity[]> {
    return this.db.repository(AbuseCaseEventEntity).find({ where: { caseId }, order: { at: 'ASC' } });
  }

  reports(caseId: string): Promise<AbuseReportEntity[]> {
    return this.db.repository(AbuseReportEntity).find({ where: { caseId }, order: { createdAt: 'ASC' } });
  }

  /** The account's closed cases, for its owner: decisions only. */
  closedAbout(accountId: string): Promise<AbuseCaseEntity[]> {
    return this.db
      .repository(AbuseCaseEntity)
      .find({ where: { accountId, status: 'closed' }, order: { closedAt: 'DESC' } });
  }

  async addEvent(event: AbuseCaseEventEntity): Promise<void> {
    await this.db.write((em) => em.insert(AbuseCaseEventEntity, { ...event }));
  }

  /** Closes an open case with its decision and audit row; false when it was closed already (by someone else). */
  async close(
    caseId: string,
    decision: AbuseCaseEntity['decision'],
    at: Date,
    event: AbuseCaseEventEntity,
  ): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const result = await em.update(
        AbuseCaseEntity,
        { id: caseId, status: 'open' },
        { status: 'closed', decision, closedAt: at },
      );
      if (!result.affected) return false;
      await em.insert(AbuseCaseEventEntity, { ...event });
      return true;
    });
  }

  /** Case files closed before `cutoff`: each case with its events and reports. Returns how many cases. */
  async deleteClosedBefore(cutoff: Date, batch = 200): Promise<number> {
    let deleted = 0;
    for (;;) {
      const ids = (
        await this.db
          .repository(AbuseCaseEntity)
          .find({ select: { id: true }, where: { status: 'closed', closedAt: LessThan(cutoff) }, take: batch })
      ).map((c) => c.id);
      if (ids.length === 0) return deleted;
      await this.deleteCases(ids);
      deleted += ids.length;
    }
  }

  /** Every case about an account, with its events and reports (the account's erasure). */
  async deleteAbout(accountId: string): Promise<number> {
    const ids = (await this.db.repository(AbuseCaseEntity).find({ select: { id: true }, where: { accountId } })).map(
      (c) => c.id,
    );
    if (ids.length > 0) await this.deleteCases(ids);
    return ids.length;
  }

  private async deleteCases(ids: string[]): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.delete(AbuseCaseEventEntity, { caseId: In(ids) });
      await em.delete(AbuseReportEntity, { caseId: In(ids) });
      await em.delete(AbuseCaseEntity, { id: In(ids) });
    });
  }
}
