import { CliOutput } from '@vipcloud/platform';
import { Command, CommandRunner } from 'nest-commander';
import { BillingRecordsService } from './billing-records.service';

@Command({
  name: 'billing:purge-expired',
  description: 'delete billing records past their 7-year retention (a daily job also does)',
})
export class BillingPurgeExpiredCommand extends CommandRunner {
  constructor(
    private readonly records: BillingRecordsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  override async run(): Promise<void> {
    const r = await this.records.purgeExpired();
    this.out.line(
      `deleted ${r.purchases} purchase(s), ${r.events} notification(s), ${r.closedAccounts} closed account(s)' ledgers`,
    );
  }
}

@Command({
  name: 'billing:purge-settlements',
  description: 'delete the records of settlements (request ids) made over 30 days ago (a daily job also does)',
})
export class BillingPurgeSettlementsCommand extends CommandRunner {
  constructor(
    private readonly records: BillingRecordsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  override async run(): Promise<void> {
    this.out.line(`deleted ${await this.records.purgeSettlementRecords()} settlement record(s)`);
  }
}
