import { AccountsService } from '@vipcloud/accounts';
import { CliOutput } from '@vipcloud/platform';
import { Command, CommandRunner, Option } from 'nest-commander';
import { formatPrice } from '../packs/credit-packs.service';
import { PaymentsService } from './payments.service';

@Command({
  name: 'purchases:list',
  description: 'an account’s last 100 purchases with their processor transaction ids',
})
export class PurchasesListCommand extends CommandRunner {
  constructor(
    private readonly accounts: AccountsService,
    private readonly payments: PaymentsService,
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
    for (const p of await this.payments.purchases(account.id, 100)) {
      const paid = `${formatPrice(p.paidMinor ?? p.amountMinor)} ${p.currency}`;
      this.out.line(
        `${p.id}\t${p.createdAt.toISOString()}\t${p.packName}\t${paid}\t${p.status}\t${p.processorTransactionId}`,
      );
    }
  }
}

@Command({
  name: 'purchases:refund',
  description: 'ask the processor to refund a purchase in full; the credits are taken back when it confirms',
})
export class PurchasesRefundCommand extends CommandRunner {
  constructor(
    private readonly payments: PaymentsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @Option({ flags: '--id <purchase-id>', description: 'the purchase', required: true })
  parseId(value: string): string {
    return value;
  }

  @Option({ flags: '--reason <text>', description: 'sent to the processor', required: true })
  parseReason(value: string): string {
    return value;
  }

  override async run(_args: string[], o: { id: string; reason: string }): Promise<void> {
    const p = await this.payments.requestRefund(o.id, o.reason);
    this.out.line(`refund requested for purchase ${p.id} (${p.processorTransactionId})`);
  }
}
