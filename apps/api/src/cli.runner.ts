import { NestFactory } from '@nestjs/core';
import { AccountRole, AccountsService, ApiKeysService, OAuthService, SessionsService } from '@vipcloud/accounts';
import { AppConfig, InvalidRequestError } from '@vipcloud/platform';
import { BillingRecordsService, CreditPacksService, CreditsService, formatAmount, formatPrice, LedgerService, parseAmount, parseAmountInput, parsePrice, PaymentsService } from '@vipcloud/billing';
import { ModelPricesService } from '@vipcloud/gateway';
import { Command } from 'commander';
import { AppModule } from './app.module';

/** Runs one operator command against the configured database, writing its output through `print`. */
export async function runCli(argv: string[], config: AppConfig, print: (line: string) => void): Promise<void> {
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(config, 'api'), { logger: ['error'], abortOnError: false });
  const accounts = ctx.get(AccountsService);
  const keys = ctx.get(ApiKeysService);
  const ledger = ctx.get(LedgerService);

  const program = new Command('vipcloud').description('VIPCloud operator CLI').exitOverride();
  program
    .command('accounts:create')
    .requiredOption('--email <email>', 'the account owner’s email')
    .action(async (o: { email: string }) => {
      const a = await accounts.create(o.email);
      print(`account ${a.id} ${a.email}`);
    });
  program.command('accounts:list').action(async () => {
    for (const a of await accounts.list()) print(`${a.id}\t${a.email}\t${a.status}\t${a.role}\t${a.createdAt.toISOString()}`);
  });
  program
    .command('accounts:suspend')
    .requiredOption('--email <email>', 'the account to suspend')
    .action(async (o: { email: string }) => {
      const a = await accounts.setStatus(o.email, 'suspended');
      // Ended, not just hidden: reactivating later must not revive old (possibly stolen) sessions.
      const ended = await ctx.get(SessionsService).endAll(a.id);
      print(`account ${a.id} ${a.email} suspended; ${ended} session(s) ended`);
    });
  program
    .command('accounts:reactivate')
    .requiredOption('--email <email>', 'the account to reactivate')
    .action(async (o: { email: string }) => {
      const a = await accounts.setStatus(o.email, 'active');
      print(`account ${a.id} ${a.email} is active`);
    });
  program
    .command('users:promote')
    .requiredOption('--email <email>', 'the account to change')
    .requiredOption('--role <role>', 'user, support or admin')
    .action(async (o: { email: string; role: AccountRole }) => {
      const a = await accounts.setRole(o.email, o.role);
      print(`account ${a.id} ${a.email} is now ${a.role}`);
    });
  program
    .command('keys:create')
    .requiredOption('--account <id-or-email>', 'the account that owns the key')
    .option('--name <name>', 'a label for the key', 'default')
    .option('--expires <iso-date>', 'when the key stops working, e.g. 2027-01-31T00:00:00Z')
    .option('--models <ids>', 'comma-separated model ids the key may call (default: all)')
    .action(async (o: { account: string; name: string; expires?: string; models?: string }) => {
      const expiresAt = o.expires ? new Date(o.expires) : null;
      if (expiresAt && Number.isNaN(expiresAt.getTime())) throw new InvalidRequestError(`'${o.expires}' is not a date.`, 'expires');
      const allowedModels = o.models ? o.models.split(',').map((m) => m.trim()) : null;
      const { key, secret } = await keys.create(o.account, { name: o.name, expiresAt, allowedModels });
      print(`key ${key.id} (${key.prefix}…) created. This is the only time it is shown:`);
      print(secret);
    });
  program
    .command('keys:list')
    .option('--account <id-or-email>', 'only this account’s keys')
    .action(async (o: { account?: string }) => {
      for (const k of await keys.list(o.account)) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
        const limits = `${k.expiresAt ? `expires ${k.expiresAt.toISOString()}` : 'no expiry'}\t${k.allowedModels ? k.allowedModels.join(',') : 'all models'}`;
        print(`${k.id}\t${k.prefix}…\t${k.name}\t${k.accountId}\t${state}\t${limits}\tlast used ${k.lastUsedAt?.toISOString() ?? 'never'}`);
      }
    });
  program.command('tokens:reencrypt').description('re-seal stored OAuth refresh tokens under the newest TOKEN_ENCRYPTION_KEYS key').action(async () => {
    print(`${await ctx.get(OAuthService).reencryptRefreshTokens()} refresh token(s) re-encrypted`);
  });
  program
    .command('credits:adjust')
    .description('grant (positive) or correct (negative) an account’s credits, exactly once per idempotency key')
    .requiredOption('--account <id-or-email>', 'the account')
    .requiredOption('--amount <usd>', 'e.g. 10.00 or -2.5 (up to 6 decimals)')
    .requiredOption('--reason <text>', 'why, for the ledger')
    .requiredOption('--idempotency-key <key>', 'the same key never applies twice')
    .option('--operator <name>', 'who is doing this', 'cli')
    .action(async (o: { account: string; amount: string; reason: string; idempotencyKey: string; operator: string }) => {
      const account = await accounts.resolve(o.account);
      let amountMicros: number;
      try {
        amountMicros = parseAmount(o.amount);
      } catch (err) {
        throw new InvalidRequestError((err as Error).message, 'amount');
      }
      const { entry, replayed } = await ledger.adjust({ accountId: account.id, amountMicros, reason: o.reason, actor: `operator:${o.operator}`, idempotencyKey: o.idempotencyKey });
      print(`${replayed ? 'already applied' : 'applied'}: ${formatAmount(entry.amountMicros)} USD, balance after ${formatAmount(entry.balanceAfterMicros)} USD (entry ${entry.id})`);
    });
  program
    .command('credits:balance')
    .requiredOption('--account <id-or-email>', 'the account')
    .action(async (o: { account: string }) => {
      const account = await accounts.resolve(o.account);
      print(`${formatAmount(await ledger.balance(account.id))} USD`);
    });
  program.command('credits:release-stale-holds').description('release holds whose request never settled (also runs every 5 minutes in each instance)').action(async () => {
    print(`${await ctx.get(CreditsService).releaseStaleHolds()} stale hold(s) released`);
  });
  program.command('credits:reconcile').description('check that every balance equals the sum of its ledger entries').action(async () => {
    const drift = await ledger.reconcile();
    for (const d of drift) print(`DRIFT ${d.accountId}: balance ${formatAmount(d.balanceMicros)} ≠ entries ${formatAmount(d.ledgerSumMicros)}`);
    const held = await ledger.reconcileHolds();
    for (const d of held) print(`HELD DRIFT ${d.accountId}: held ${formatAmount(d.heldMicros)} ≠ holds ${formatAmount(d.holdsSumMicros)}`);
    print(drift.length + held.length === 0 ? 'ledger consistent' : `${drift.length + held.length} account(s) drifted`);
    if (drift.length + held.length > 0) process.exitCode = 2;
  });
  program.command('packs:list').description('every credit pack, on sale or not').action(async () => {
    print('id\tname\tcredits (USD)\tprice\tcurrency\ton sale');
    for (const p of await ctx.get(CreditPacksService).list(true)) print(`${p.id}\t${p.name}\t${formatAmount(p.creditsMicros)}\t${formatPrice(p.priceMinor)}\t${p.currency}\t${p.active ? 'yes' : 'no'}`);
  });
  program
    .command('packs:create')
    .description('put a credit pack on sale')
    .requiredOption('--name <name>', 'shown to buyers')
    .requiredOption('--credits <usd>', 'credits granted, e.g. 10.00')
    .requiredOption('--price <amount>', 'price in the currency, tax exclusive, e.g. 9.99')
    .requiredOption('--currency <code>', 'USD or CNY')
    .option('--processor-price-id <id>', "a price in the processor's catalog")
    .action(async (o: { name: string; credits: string; price: string; currency: string; processorPriceId?: string }) => {
      const pack = await ctx.get(CreditPacksService).create({
        name: o.name, creditsMicros: parseAmountInput(o.credits, 'credits'), priceMinor: parsePrice(o.price), currency: o.currency, processorPriceId: o.processorPriceId ?? null,
      });
      print(`created pack ${pack.id}: ${pack.name}, ${formatAmount(pack.creditsMicros)} USD of credits for ${formatPrice(pack.priceMinor)} ${pack.currency}`);
    });
  program
    .command('packs:update')
    .description('edit a credit pack (purchases already made keep what they bought)')
    .requiredOption('--id <id>', 'the pack')
    .option('--name <name>')
    .option('--credits <usd>')
    .option('--price <amount>')
    .option('--currency <code>')
    .option('--active <yes|no>', 'on sale or not')
    .action(async (o: { id: string; name?: string; credits?: string; price?: string; currency?: string; active?: string }) => {
      if (o.active !== undefined && o.active !== 'yes' && o.active !== 'no') throw new InvalidRequestError('--active takes yes or no', 'active');
      const pack = await ctx.get(CreditPacksService).update(o.id, {
        name: o.name, creditsMicros: o.credits === undefined ? undefined : parseAmountInput(o.credits, 'credits'),
        priceMinor: o.price === undefined ? undefined : parsePrice(o.price), currency: o.currency, active: o.active === undefined ? undefined : o.active === 'yes',
      });
      print(`updated pack ${pack.id}: ${pack.name}, ${formatAmount(pack.creditsMicros)} USD for ${formatPrice(pack.priceMinor)} ${pack.currency}, ${pack.active ? 'on sale' : 'not on sale'}`);
    });
  program
    .command('purchases:list')
    .requiredOption('--account <id-or-email>', 'the account')
    .action(async (o: { account: string }) => {
      const account = await accounts.resolve(o.account);
      for (const p of await ctx.get(PaymentsService).purchases(account.id, 100)) {
        print(`${p.id}\t${p.createdAt.toISOString()}\t${p.packName}\t${formatPrice(p.paidMinor ?? p.amountMinor)} ${p.currency}\t${p.status}\t${p.processorTransactionId}`);
      }
    });
  program
    .command('purchases:refund')
    .description("ask the processor to refund a purchase in full; the credits are taken back when it confirms")
    .requiredOption('--id <purchase-id>', 'the purchase')
    .requiredOption('--reason <text>', 'sent to the processor')
    .action(async (o: { id: string; reason: string }) => {
      const p = await ctx.get(PaymentsService).requestRefund(o.id, o.reason);
      print(`refund requested for purchase ${p.id} (${p.processorTransactionId})`);
    });
  program.command('billing:purge-expired').description('delete billing records past their 7-year retention (also runs daily)').action(async () => {
    const r = await ctx.get(BillingRecordsService).purgeExpired();
    print(`deleted ${r.purchases} purchase(s), ${r.events} notification(s), ${r.closedAccounts} closed account(s)' ledgers`);
  });
  program.command('prices:list').description('every catalog model’s price for new requests, USD per 1M tokens (* = set by an operator)').action(async () => {
    print('model\tinput\tcached input\toutput\tset by');
    for (const p of await ctx.get(ModelPricesService).list()) {
      const usd = [p.price.input, p.price.cachedInput, p.price.output].map(formatAmount).join('\t');
      print(`${p.model}\t${usd}\t${p.override ? `* ${p.override.updatedBy} ${p.override.updatedAt.toISOString()}` : 'catalog'}`);
    }
  });
  program
    .command('prices:set')
    .description('set a catalog model’s price for requests that start from now on (running ones keep theirs)')
    .requiredOption('--model <id>', 'a model id from the catalog')
    .requiredOption('--input <usd>', 'USD per 1M uncached input tokens, e.g. 0.30 (up to 6 decimals)')
    .requiredOption('--cached-input <usd>', 'USD per 1M cached input tokens, at most the input price')
    .requiredOption('--output <usd>', 'USD per 1M output tokens')
    .action(async (o: { model: string; input: string; cachedInput: string; output: string }) => {
      const p = await ctx.get(ModelPricesService).setUsd(o.model, { input: o.input, cachedInput: o.cachedInput, output: o.output }, 'cli');
      print(`${p.model}: input ${formatAmount(p.price.input)}, cached input ${formatAmount(p.price.cachedInput)}, output ${formatAmount(p.price.output)} USD per 1M tokens, for new requests`);
    });
  program
    .command('keys:revoke')
    .argument('<id-or-prefix>', 'the key id or its displayed prefix')
    .action(async (ref: string) => {
      const k = await keys.revoke(ref);
      print(`key ${k.id} (${k.prefix}…) revoked`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } finally {
    await ctx.close();
  }
}
