import { CliOutput, parseDateOption } from '@vipcloud/platform';
import { Command, CommandRunner, Option } from 'nest-commander';
import { PaymentsBackfillService } from './payments-backfill.service';

@Command({
  name: 'payments:backfill',
  description:
    'apply the processor notifications we never received, read from its event log after the stored cursor (a scheduled job also does)',
})
export class PaymentsBackfillCommand extends CommandRunner {
  constructor(
    private readonly backfill: PaymentsBackfillService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @Option({
    flags: '--since <iso>',
    description: 'read the log from its start and apply what occurred from this date, e.g. 2026-01-31T00:00:00Z',
  })
  parseSince(value: string): Date {
    return parseDateOption(value);
  }

  override async run(_args: string[], o: { since?: Date }): Promise<void> {
    const r = await this.backfill.run(o.since);
    const outcomes = Object.entries(r.outcomes)
      .map(([outcome, n]) => `${n} ${outcome}`)
      .join(', ');
    this.out.line(
      `${r.listed} notification(s) listed: ${outcomes || 'none applied'}; ${r.beforeStart} before the start, ${r.unreadable} unreadable; cursor ${r.cursor ?? 'none'}`,
    );
    if (r.unreadable > 0) this.out.fail(2);
  }
}
