import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { RequestLogEntity } from '../metering/request-log.entity';

export interface KeyNetworks {
  apiKeyId: string;
  accountId: string;
  networks: number;
}

/** Reads of request metadata for the key-sharing hint. */
@Injectable()
export class KeySharingRepository {
  constructor(private readonly db: Database) {}

  /** Keys used from at least `threshold` distinct client networks since `since`. */
  async keysUsedFromManyNetworks(since: Date, threshold: number): Promise<KeyNetworks[]> {
    const rows: Array<{ apiKeyId: string; accountId: string; networks: string | number }> = await this.db
      .selectBuilder(RequestLogEntity, 'r')
      .select('r.api_key_id', 'apiKeyId')
      .addSelect('r.account_id', 'accountId')
      .addSelect('COUNT(DISTINCT r.client_ip)', 'networks')
      .where('r.created_at >= :since AND r.client_ip IS NOT NULL', { since })
      .groupBy('r.api_key_id')
      .addGroupBy('r.account_id')
      .having('COUNT(DISTINCT r.client_ip) >= :threshold', { threshold })
      .getRawMany();
    return rows.map((r) => ({ apiKeyId: r.apiKeyId, accountId: r.accountId, networks: Number(r.networks) }));
  }
}
