import { NestFactory } from '@nestjs/core';
import { AccountRole, AccountsService, ApiKeysService, OAuthService, SessionsService } from '@vipcloud/accounts';
import { AppConfig, InvalidRequestError } from '@vipcloud/platform';
import { Command } from 'commander';
import { AppModule } from './app.module';

/** Runs one operator command against the configured database, writing its output through `print`. */
export async function runCli(argv: string[], config: AppConfig, print: (line: string) => void): Promise<void> {
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(config, 'api'), { logger: ['error'], abortOnError: false });
  const accounts = ctx.get(AccountsService);
  const keys = ctx.get(ApiKeysService);

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
