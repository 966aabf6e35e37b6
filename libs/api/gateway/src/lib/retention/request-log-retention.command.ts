import { CliOutput } from '@vipcloud/platform';
import { Command, CommandRunner } from 'nest-commander';
import { RequestLogRetentionService } from './request-log-retention.service';

@Command({
  name: 'requests:purge-expired',
  description: 'delete the metadata of API requests made over 30 days ago (a daily job also does)',
})
export class RequestsPurgeExpiredCommand extends CommandRunner {
  constructor(
    private readonly retention: RequestLogRetentionService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  override async run(): Promise<void> {
    this.out.line(`deleted the metadata of ${await this.retention.purgeExpired()} request(s)`);
  }
}
