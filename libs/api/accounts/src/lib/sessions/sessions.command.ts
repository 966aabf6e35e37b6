import { CliOutput } from '@vipcloud/platform';
import { Command, CommandRunner } from 'nest-commander';
import { SessionsService } from './sessions.service';

@Command({
  name: 'sessions:purge-ended',
  description: 'delete the records of portal sessions that ended over 30 days ago (a daily job also does)',
})
export class SessionsPurgeEndedCommand extends CommandRunner {
  constructor(
    private readonly sessions: SessionsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  override async run(): Promise<void> {
    this.out.line(`deleted ${await this.sessions.purgeEnded()} ended session(s)`);
  }
}
