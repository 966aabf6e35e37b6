import { AccountsService } from '@vipcloud/accounts';
import { CliOutput, optionRule } from '@vipcloud/platform';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CreditsService } from '../credits/credits.service';
import { formatAmount, parseAmount } from '../money';
import { LedgerService } from './ledger.service';

interface AdjustOptions {
  account: string;
  amount: number;
  reason: string;
  idempotencyKey: string;
  operator: string;
}

@Command({
  name: 'credits:adjust',
  description: 'grant (positive) or correct (negative) an account’s credits, exactly once per idempotency key',
})
export class CreditsAdjustCommand extends CommandRunner {
  constructor(
    private readonly accounts: AccountsService,
    private readonly ledger: LedgerService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @Option({ flags: '--account <id-or-email>', description: 'the account', required: true })
  parseAccount(value: string): string {
    return value;
  }

  @Option({ flags: '--amount <usd>', description: 'e.g. 10.00 or -2.5 (up to 6 decimals)', required: true })
  parseAmountOption(value: string): number {
    return optionRule(parseAmount)(value);
  }

  @Option({ flags: '--reason <text>', description: 'why, for the ledger', required: true })
  parseReason(value: string): string {
    return value;
  }

  @Option({
    flags: '--idempotency-key <key>',
    description: '8 to 100 letters, digits or ._:- characters; the same key never applies twice',
    required: true,
  })
  parseIdempotencyKey(value: string): string {
    return value;
  }

  @Option({ flags: '--operator <name>', description: 'who is doing this', defaultValue: 'cli' })
  parseOperator(value: string): string {
    return value;
  }

  override async run(_args: string[], o: AdjustOptions): Promise<void> {
    const account = await this.accounts.resolve(o.account);
    const { entry, replayed } = await this.ledger.adjust({
      accountId: account.id,
      amountMicros: o.amount,
      reason: o.reason,
      actor: `operator:${o.operator}`,
      idempotencyKey: o.idempotencyKey,
    });
    const amount = formatAmount(entry.amountMicros);
    const after = formatAmount(entry.balanceAfterMicros);
    this.out.line(
      `${replayed ? 'already applied' : 'applied'}: ${amount} USD, balance after ${after} USD (entry ${entry.id})`,
    );
  }
}

@Command({ name: 'credits:balance', description: 'an account’s balance in USD' })
export class CreditsBalanceCommand extends CommandRunner {
  constructor(
    private readonly accounts: AccountsService,
    private readonly ledger: LedgerService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @Option({ flags: '--account <id-or-email>', description: 'the account', required: true })
  parseAccount(value: string): string {
    return value;
  }

  override async run(_args: string[], o: { account: string }): Promise<void> {
    const account = await this.accounts.resolve(o.account);
    this.out.line(`${formatAmount(await this.ledger.balance(account.id))} USD`);
  }
}

@Command({
  name: 'credits:release-stale-holds',
  description:
    'release holds and credit leases of instances that died, after charging the settlement outbox (a scheduled job also does, every HOLD_SWEEP_EVERY_MS)',
})
export class CreditsReleaseStaleHoldsCommand extends CommandRunner {
  constructor(
    private readonly credits: CreditsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  override async run(): Promise<void> {
    this.out.line(`${await this.credits.releaseStaleHolds()} stale hold(s) released`);
  }
}

@Command({
  name: 'credits:reconcile',
  description:
    'check every balance against its ledger entries and every held amount against its holds (exit 2 on drift)',
})
export class CreditsReconcileCommand extends CommandRunner {
  constructor(
    private readonly ledger: LedgerService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  override async run(): Promise<void> {
    const drift = await this.ledger.reconcile();
    for (const d of drift) {
      this.out.line(
        `DRIFT ${d.accountId}: balance ${formatAmount(d.balanceMicros)} ≠ entries ${formatAmount(d.ledgerSumMicros)}`,
      );
    }
    const held = await this.ledger.reconcileHolds();
    for (const d of held) {
      this.out.line(
        `HELD DRIFT ${d.accountId}: held ${formatAmount(d.heldMicros)} ≠ holds ${formatAmount(d.holdsSumMicros)}`,
      );
    }
    const drifted = drift.length + held.length;
    this.out.line(drifted === 0 ? 'ledger consistent' : `${drifted} account(s) drifted`);
    if (drifted > 0) this.out.fail(2);
  }
}
