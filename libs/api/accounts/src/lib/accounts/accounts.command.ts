import { CliOutput, parseChoiceOption } from '@vipcloud/platform';
import { Command, CommandRunner, Option } from 'nest-commander';
import { AccountRole } from '../entities/account.entity';
import { AccountSuspensionService } from './account-suspension.service';
import { AccountsService, ROLES } from './accounts.service';

interface EmailOptions {
  email: string;
}

@Command({ name: 'accounts:create', description: 'create an account' })
export class AccountsCreateCommand extends CommandRunner {
  constructor(
    private readonly accounts: AccountsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @Option({ flags: '--email <email>', description: 'the account owner’s email', required: true })
  parseEmail(value: string): string {
    return value;
  }

  override async run(_args: string[], o: EmailOptions): Promise<void> {
    const a = await this.accounts.create(o.email);
    this.out.line(`account ${a.id} ${a.email}`);
  }
}

@Command({ name: 'accounts:list', description: 'list every account: id, email, status, role, created' })
export class AccountsListCommand extends CommandRunner {
  constructor(
    private readonly accounts: AccountsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  override async run(): Promise<void> {
    for (const a of await this.accounts.list()) {
      this.out.line(`${a.id}\t${a.email}\t${a.status}\t${a.role}\t${a.createdAt.toISOString()}`);
    }
  }
}

@Command({ name: 'accounts:suspend', description: 'suspend an account: its keys stop working and its sessions end' })
export class AccountsSuspendCommand extends CommandRunner {
  constructor(
    private readonly suspension: AccountSuspensionService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @Option({ flags: '--email <email>', description: 'the account to suspend', required: true })
  parseEmail(value: string): string {
    return value;
  }

  override async run(_args: string[], o: EmailOptions): Promise<void> {
    const { account: a, sessionsEnded } = await this.suspension.suspend(o.email);
    this.out.line(`account ${a.id} ${a.email} suspended; ${sessionsEnded} session(s) ended`);
  }
}

@Command({ name: 'accounts:reactivate', description: 'reactivate a suspended account (its old sessions stay ended)' })
export class AccountsReactivateCommand extends CommandRunner {
  constructor(
    private readonly suspension: AccountSuspensionService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @Option({ flags: '--email <email>', description: 'the account to reactivate', required: true })
  parseEmail(value: string): string {
    return value;
  }

  override async run(_args: string[], o: EmailOptions): Promise<void> {
    const a = await this.suspension.reactivate(o.email);
    this.out.line(`account ${a.id} ${a.email} is active`);
  }
}

@Command({ name: 'users:promote', description: 'set an account’s role' })
export class UsersPromoteCommand extends CommandRunner {
  constructor(
    private readonly accounts: AccountsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @Option({ flags: '--email <email>', description: 'the account to change', required: true })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--role <role>', description: ROLES.join(', '), required: true })
  parseRole(value: string): AccountRole {
    return parseChoiceOption(value, ROLES, 'The role');
  }

  override async run(_args: string[], o: EmailOptions & { role: AccountRole }): Promise<void> {
    const a = await this.accounts.setRole(o.email, o.role);
    this.out.line(`account ${a.id} ${a.email} is now ${a.role}`);
  }
}
