import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { RetentionAuditEntity } from './retention-audit.entity';

/** The retention audit log: one row per run of a rule. */
@Injectable()
export class RetentionAuditRepository {
  constructor(private readonly db: Database) {}

  async insert(entry: Omit<RetentionAuditEntity, 'id'>): Promise<void> {
    await this.db.write((em) => em.insert(RetentionAuditEntity, { id: randomUUID(), ...entry }));
  }

  /** The newest runs first. */
  latest(limit: number): Promise<RetentionAuditEntity[]> {
    return this.db.repository(RetentionAuditEntity).find({ order: { ranAt: 'DESC', id: 'ASC' }, take: limit });
  }
}
