import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { AccountRows } from '@vipcloud/privacy';
import { RequestLogEntity } from '../metering/request-log.entity';

/** The request metadata of a person, for the rights of access, export and erasure. */
@Injectable()
export class GatewayPersonalDataRepository {
  readonly requests: AccountRows<RequestLogEntity>;

  constructor(db: Database) {
    this.requests = new AccountRows(db, RequestLogEntity, { account: 'accountId', time: 'createdAt' });
  }
}
