import { Injectable } from '@nestjs/common';
import { Clock } from '@vipcloud/platform';
import { RetentionTask } from '@vipcloud/privacy';
import { AbuseCasesRepository } from './abuse-cases.repository';

/** The policy keeps abuse investigation files 90 days after the case closes. */
export const ABUSE_CASE_RETENTION_DAYS = 90;
const DAY_MS = 24 * 3600_000;

/** Deletes closed case files (the case, its audit trail and its reports) 90 days after closing. */
@Injectable()
export class AbuseCasesRetention extends RetentionTask {
  readonly kind = 'abuse.cases';
  readonly rule = '90 days after the case was closed';

  constructor(
    private readonly cases: AbuseCasesRepository,
    private readonly clock: Clock,
  ) {
    super();
  }

  purge(): Promise<number> {
    return this.cases.deleteClosedBefore(new Date(this.clock.nowMs() - ABUSE_CASE_RETENTION_DAYS * DAY_MS));
  }
}
