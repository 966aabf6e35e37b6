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
  name: 'billing:purge-request-detail',
  description:
    'delete settlement records (request ids) made over 30 days ago and fold usage entries named after a request into hourly aggregates (a daily job also does)',
})
export class BillingPurgeRequestDetailCommand extends CommandRunner {
  constructor(
    private readonly records: BillingRecordsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  override async run(): Promise<void> {
    const r = await this.records.purgeRequestDetail();
    this.out.line(
      `deleted ${r.settlements} settlement record(s), folded ${r.foldedUsage} per-request usage entr(ies) into hourly aggregates`,
    );
  }
}
