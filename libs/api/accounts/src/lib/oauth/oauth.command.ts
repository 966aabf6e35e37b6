import { CliOutput } from '@vipcloud/platform';
import { Command, CommandRunner } from 'nest-commander';
import { OAuthService } from './oauth.service';

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
