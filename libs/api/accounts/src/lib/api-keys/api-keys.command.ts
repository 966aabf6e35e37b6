import { CliOutput, parseDateOption } from '@vipcloud/platform';
import { Command, CommandRunner, Option } from 'nest-commander';
import { ApiKeysService } from './api-keys.service';

interface CreateKeyCliOptions {
  account: string;
  name: string;
  expires?: Date;
  models?: string[];
}

@Command({ name: 'keys:create', description: 'create an API key and print it once (only its SHA-256 is stored)' })
export class KeysCreateCommand extends CommandRunner {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @Option({ flags: '--account <id-or-email>', description: 'the account that owns the key', required: true })
  parseAccount(value: string): string {
    return value;
  }

  @Option({ flags: '--name <name>', description: 'a label for the key', defaultValue: 'default' })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--expires <iso-date>', description: 'when the key stops working, e.g. 2027-01-31T00:00:00Z' })
  parseExpires(value: string): Date {
    return parseDateOption(value);
  }

  @Option({ flags: '--models <ids>', description: 'comma-separated model ids the key may call (default: all)' })
  parseModels(value: string): string[] {
    return value.split(',').map((m) => m.trim());
  }

  override async run(_args: string[], o: CreateKeyCliOptions): Promise<void> {
    const { key, secret } = await this.keys.create(o.account, {
      name: o.name,
      expiresAt: o.expires ?? null,
      allowedModels: o.models ?? null,
    });
    this.out.line(`key ${key.id} (${key.prefix}…) created. This is the only time it is shown:`);
    this.out.line(secret);
  }
}

@Command({ name: 'keys:list', description: 'list keys by prefix, with status, limits and last use' })
export class KeysListCommand extends CommandRunner {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @Option({ flags: '--account <id-or-email>', description: 'only this account’s keys' })
  parseAccount(value: string): string {
    return value;
  }

  override async run(_args: string[], o: { account?: string }): Promise<void> {
    for (const k of await this.keys.list(o.account)) {
      const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
      const expiry = k.expiresAt ? `expires ${k.expiresAt.toISOString()}` : 'no expiry';
      const models = k.allowedModels ? k.allowedModels.join(',') : 'all models';
      const used = k.lastUsedAt?.toISOString() ?? 'never';
      this.out.line(
        `${k.id}\t${k.prefix}…\t${k.name}\t${k.accountId}\t${state}\t${expiry}\t${models}\tlast used ${used}`,
      );
    }
  }
}

@Command({
  name: 'keys:revoke',
  description: 'revoke a key (every instance stops accepting it within API_KEY_CACHE_TTL_MS)',
  arguments: '<id-or-prefix>',
  argsDescription: { 'id-or-prefix': 'the key id or its displayed prefix' },
})
export class KeysRevokeCommand extends CommandRunner {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  override async run([ref]: string[]): Promise<void> {
    const k = await this.keys.revoke(ref);
    this.out.line(`key ${k.id} (${k.prefix}…) revoked`);
  }
}
