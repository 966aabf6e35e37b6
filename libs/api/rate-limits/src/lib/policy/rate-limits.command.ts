import { AccountsService } from '@vipcloud/accounts';
import { CliOutput } from '@vipcloud/platform';
import { InvalidArgumentError } from 'commander';
import { Command, CommandRunner, Option } from 'nest-commander';
import type { LimitSet } from '../limiter/rate-limit.types';
import { RateLimitOverride, RateLimitPoliciesService, withOverride } from './rate-limit-policies.service';

/** A limit on the command line: a whole number (0: no limit), or `default`. */
function parseLimit(value: string): number | null {
  if (value === 'default') return null;
  if (!/^\d+$/.test(value))
    throw new InvalidArgumentError(`'${value}' is not a limit: use a whole number (0: no limit) or default.`);
  return Number(value);
}

function describe(set: LimitSet): string {
  const n = (v: number) => (v === 0 ? 'unlimited' : String(v));
  return `${n(set.requestsPerMinute)} requests/min, ${n(set.tokensPerMinute)} tokens/min, ${n(set.concurrentStreams)} concurrent streams`;
}

@Command({
  name: 'limits:show',
  description: 'the /v1 rate limits that apply to an account (defaults or support’s values)',
})
export class LimitsShowCommand extends CommandRunner {
  constructor(
    private readonly policies: RateLimitPoliciesService,
    private readonly accounts: AccountsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @Option({ flags: '--account <id-or-email>', description: 'the account', required: true })
  parseAccount(value: string): string {
    return value;
  }

  override async run(_: string[], options: { account: string }): Promise<void> {
    const account = await this.accounts.resolve(options.account);
    const override = await this.policies.overrideOf(account.id);
    const limits = override ? withOverride(this.policies.defaults, override) : this.policies.defaults;
    this.out.line(`per key: ${describe(limits.key)}`);
    this.out.line(`per account: ${describe(limits.account)}`);
    this.out.line(override ? 'set by support (fields not set keep the defaults)' : 'the defaults');
  }
}

interface SetOptions {
  account: string;
  reset?: boolean;
  keyRpm?: number | null;
  keyTpm?: number | null;
  keyStreams?: number | null;
  accountRpm?: number | null;
  accountTpm?: number | null;
  accountStreams?: number | null;
}

@Command({
  name: 'limits:set',
  description: 'set an account’s /v1 rate limits instead of the defaults (running instances apply it within seconds)',
})
export class LimitsSetCommand extends CommandRunner {
  constructor(
    private readonly policies: RateLimitPoliciesService,
    private readonly accounts: AccountsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @Option({ flags: '--account <id-or-email>', description: 'the account', required: true })
  parseAccount(value: string): string {
    return value;
  }

  @Option({ flags: '--key-rpm <n>', description: 'requests per minute of each key (0: none; default)' })
  parseKeyRpm(value: string): number | null {
    return parseLimit(value);
  }

  @Option({ flags: '--key-tpm <n>', description: 'tokens per minute of each key' })
  parseKeyTpm(value: string): number | null {
    return parseLimit(value);
  }

  @Option({ flags: '--key-streams <n>', description: 'concurrent streams of each key' })
  parseKeyStreams(value: string): number | null {
    return parseLimit(value);
  }

  @Option({ flags: '--account-rpm <n>', description: 'requests per minute of all keys together' })
  parseAccountRpm(value: string): number | null {
    return parseLimit(value);
  }

  @Option({ flags: '--account-tpm <n>', description: 'tokens per minute of all keys together' })
  parseAccountTpm(value: string): number | null {
    return parseLimit(value);
  }

  @Option({ flags: '--account-streams <n>', description: 'concurrent streams of all keys together' })
  parseAccountStreams(value: string): number | null {
    return parseLimit(value);
  }

  @Option({ flags: '--reset', description: 'back to the defaults' })
  parseReset(): boolean {
    return true;
  }

  override async run(_: string[], o: SetOptions): Promise<void> {
    const account = await this.accounts.resolve(o.account);
    if (o.reset) {
      await this.policies.clear(account.id);
      this.out.line(`${account.email}: the defaults apply`);
      return;
    }
    // Options left out keep what support set before.
    const before = (await this.policies.overrideOf(account.id)) ?? emptyOverride();
    const limits = await this.policies.set(
      account.id,
      {
        keyRequestsPerMinute: pickValue(o.keyRpm, before.keyRequestsPerMinute),
        keyTokensPerMinute: pickValue(o.keyTpm, before.keyTokensPerMinute),
        keyConcurrentStreams: pickValue(o.keyStreams, before.keyConcurrentStreams),
        accountRequestsPerMinute: pickValue(o.accountRpm, before.accountRequestsPerMinute),
        accountTokensPerMinute: pickValue(o.accountTpm, before.accountTokensPerMinute),
        accountConcurrentStreams: pickValue(o.accountStreams, before.accountConcurrentStreams),
      },
      'cli',
    );
    this.out.line(`${account.email}: per key ${describe(limits.key)}; per account ${describe(limits.account)}`);
  }
}

function pickValue(given: number | null | undefined, before: number | null): number | null {
  return given === undefined ? before : given;
}

function emptyOverride(): RateLimitOverride {
  return {
    keyRequestsPerMinute: null,
    keyTokensPerMinute: null,
    keyConcurrentStreams: null,
    accountRequestsPerMinute: null,
    accountTokensPerMinute: null,
    accountConcurrentStreams: null,
  };
}
