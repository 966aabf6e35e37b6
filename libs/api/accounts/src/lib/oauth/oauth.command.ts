import { CliOutput, parseChoiceOption } from '@vipcloud/platform';
import { Command, CommandRunner, Option } from 'nest-commander';
import type { OAuthProviderId } from '../accounts.config';
import { OAuthService } from './oauth.service';

const PROVIDERS: readonly OAuthProviderId[] = ['github', 'google'];

interface LinkIdentityCliOptions {
  account: string;
  provider: OAuthProviderId;
  subject: string;
}

@Command({
  name: 'tokens:reencrypt',
  description: 're-seal stored OAuth refresh tokens under the newest TOKEN_ENCRYPTION_KEYS key',
})
export class TokensReencryptCommand extends CommandRunner {
  constructor(
    private readonly oauth: OAuthService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  override async run(): Promise<void> {
    this.out.line(`${await this.oauth.reencryptRefreshTokens()} refresh token(s) re-encrypted`);
  }
}

@Command({
  name: 'identities:link',
  description: 'link a GitHub or Google identity to an account, so that signing in with it opens the account',
})
export class IdentitiesLinkCommand extends CommandRunner {
  constructor(
    private readonly oauth: OAuthService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @Option({ flags: '--account <id-or-email>', description: 'the account to sign in to', required: true })
  parseAccount(value: string): string {
    return value;
  }

  @Option({ flags: '--provider <provider>', description: PROVIDERS.join(' or '), required: true })
  parseProvider(value: string): OAuthProviderId {
    return parseChoiceOption(value, PROVIDERS, 'The provider');
  }

  @Option({
    flags: '--subject <id>',
    description: 'the provider’s id of the user (GitHub’s numeric user id, Google’s sub)',
    required: true,
  })
  parseSubject(value: string): string {
    return value;
  }

  override async run(_args: string[], o: LinkIdentityCliOptions): Promise<void> {
    const { account, linked } = await this.oauth.linkByOperator(o.account, o.provider, o.subject);
    const done = linked ? 'linked to' : 'already linked to';
    this.out.line(`${o.provider} identity ${o.subject} ${done} account ${account.id} ${account.email}`);
  }
}
