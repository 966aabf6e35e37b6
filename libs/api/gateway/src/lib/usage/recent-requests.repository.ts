import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { RequestLogEntity } from '../metering/request-log.entity';

/** The columns of a request row its owner may see: no client address, route or prices. */
export type RecentRequestRow = Pick<
  RequestLogEntity,
  | 'id'
  | 'createdAt'
  | 'apiKeyId'
  | 'model'
  | 'stream'
  | 'status'
  | 'errorCode'
  | 'inputTokens'
  | 'cachedTokens'
  | 'outputTokens'
  | 'latencyMs'
  | 'costMicros'
>;

@Injectable()
export class RecentRequestsRepository {
  constructor(private readonly db: Database) {}

  /**
   * An account's newest request rows, read along idx_request_logs_account_time. Rows of the same
   * second (MySQL's DATETIME keeps no fraction) come in id order, so a page is stable.
   */
  newest(accountId: string, limit: number): Promise<RecentRequestRow[]> {
    return this.db.repository(RequestLogEntity).find({
      select: {
        id: true,
        createdAt: true,
        apiKeyId: true,
        model: true,
        stream: true,
        status: true,
        errorCode: true,
        inputTokens: true,
        cachedTokens: true,
        outputTokens: true,
        latencyMs: true,
        costMicros: true,
      },
      where: { accountId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }
}
