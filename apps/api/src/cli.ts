import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AccountsService, ApiKeysService } from '@vipcloud/accounts';
import { AppConfig, AppError, ConfigError } from '@vipcloud/platform';
import { Command } from 'commander';
import { AppModule } from './app.module';

/** Operator commands, run against the same database the API uses. */
async function main(argv: string[]): Promise<void> {
  const config = AppConfig.fromEnv();
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(config, 'api'), { logger: ['error'] });
  const accounts = ctx.get(AccountsService);
  const keys = ctx.get(ApiKeysService);
  const print = (line: string): boolean => process.stdout.write(`${line}\n`);

  const program = new Command('vipcloud').description('VIPCloud operator CLI').exitOverride();
  program
    .command('accounts:create')
    .requiredOption('--email <email>', 'the account owner’s email')
    .action(async (o: { email: string }) => {
      const a = await accounts.create(o.email);
      print(`account ${a.id} ${a.email}`);
    });
  program.command('accounts:list').action(async () => {
    for (const a of await accounts.list()) print(`${a.id}\t${a.email}\t${a.status}\t${a.createdAt.toISOString()}`);
  });
  program
    .command('keys:create')
    .requiredOption('--account <id-or-email>', 'the account that owns the key')
    .option('--name <name>', 'a label for the key', 'default')
    .action(async (o: { account: string; name: string }) => {
      const { key, secret } = await keys.create(o.account, o.name);
      print(`key ${key.id} (${key.prefix}…) created. This is the only time it is shown:`);
      print(secret);
    });
  program
    .command('keys:list')
    .option('--account <id-or-email>', 'only this account’s keys')
    .action(async (o: { account?: string }) => {
      for (const k of await keys.list(o.account)) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
        print(`${k.id}\t${k.prefix}…\t${k.name}\t${k.accountId}\t${state}\tlast used ${k.lastUsedAt?.toISOString() ?? 'never'}`);
      }
    });
  program
    .command('keys:revoke')
    .argument('<id-or-prefix>', 'the key id or its displayed prefix')
    .action(async (ref: string) => {
      const k = await keys.revoke(ref);
      print(`key ${k.id} (${k.prefix}…) revoked`);
    });

  try {
    await program.parseAsync(argv);
  } finally {
    await ctx.close();
  }
}

main(process.argv).catch((err: unknown) => {
  const known = err instanceof AppError || err instanceof ConfigError;
  const isHelp = typeof err === 'object' && err !== null && 'code' in err && String((err as { code: unknown }).code).startsWith('commander.');
  if (!isHelp) process.stderr.write(`${known ? (err as Error).message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(isHelp && (err as { exitCode?: number }).exitCode === 0 ? 0 : 1);
});
