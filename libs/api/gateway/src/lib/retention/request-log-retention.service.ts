import { Injectable } from '@nestjs/common';
import { Clock } from '@vipcloud/platform';
import { RequestLogRetentionRepository } from './request-log-retention.repository';

/**
 * Request metadata (privacy policy §5) is kept 30 days: a request's own detail — its time, key,
 * model, tokens, cost, truncated IP — lives only in its row, and billing keeps nothing finer than
 * hourly aggregates, so deleting the row leaves the ledger (and every balance) as it was.
 */
export const REQUEST_LOG_RETENTION_DAYS = 30;
const DAY_MS = 24 * 3600_000;

@Injectable()
export class RequestLogRetentionService {
  constructor(
    private readonly logs: RequestLogRetentionRepository,
    private readonly clock: Clock,
  ) {}

  /** Deletes the metadata of requests made more than 30 days ago; returns how many rows went. */
  purgeExpired(): Promise<number> {
    return this.logs.deleteOlderThan(new Date(this.clock.nowMs() - REQUEST_LOG_RETENTION_DAYS * DAY_MS));
  }
}
