import { Module } from '@nestjs/common';
import { AccountsModule } from './accounts.module';
import {
  AccountsCreateCommand,
  AccountsListCommand,
  AccountsReactivateCommand,
  AccountsSuspendCommand,
  UsersPromoteCommand,
} from './accounts/accounts.command';
import { KeysCreateCommand, KeysListCommand, KeysRevokeCommand } from './api-keys/api-keys.command';
import { IdentitiesLinkCommand, TokensReencryptCommand } from './oauth/oauth.command';
import { SessionsPurgeEndedCommand } from './sessions/sessions.command';

export const ACCOUNTS_COMMANDS = [
  AccountsCreateCommand,
  AccountsListCommand,
  AccountsSuspendCommand,
  AccountsReactivateCommand,
  UsersPromoteCommand,
  KeysCreateCommand,
  KeysListCommand,
  KeysRevokeCommand,
  TokensReencryptCommand,
  IdentitiesLinkCommand,
  SessionsPurgeEndedCommand,
];

/** The operator commands of accounts, users, API keys, sessions and OAuth tokens (imported by the CLI role only). */
@Module({ imports: [AccountsModule], providers: ACCOUNTS_COMMANDS })
export class AccountsCommandsModule {}
