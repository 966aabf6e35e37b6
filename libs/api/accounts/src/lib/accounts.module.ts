import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access/access.guard';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsRepository } from './accounts/accounts.repository';
import { AccountsService } from './accounts/accounts.service';
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { ApiKeysService } from './api-keys/api-keys.service';
import { ApiKeysResolver } from './api-keys/api-keys.resolver';
import { AccountEntity } from './entities/account.entity';
import { ApiKeyEntity } from './entities/api-key.entity';
import { SessionEntity } from './entities/session.entity';
import { AuthController } from './sessions/auth.controller';
import { SessionsRepository } from './sessions/sessions.repository';
import { SessionsResolver } from './sessions/sessions.resolver';
import { SessionsService } from './sessions/sessions.service';

export const ACCOUNTS_ENTITIES = [AccountEntity, ApiKeyEntity, SessionEntity];

@Module({
  imports: [TypeOrmModule.forFeature(ACCOUNTS_ENTITIES)],
  controllers: [AuthController],
  providers: [
    AccountsRepository, AccountsService, ApiKeysRepository, ApiKeysService, SessionsRepository, SessionsService, SessionsResolver, ApiKeysResolver,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AccountsService, ApiKeysService, SessionsService],
})
export class AccountsModule {}
