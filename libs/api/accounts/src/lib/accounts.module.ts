import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access/access.guard';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsRepository } from './accounts/accounts.repository';
import { AccountsService } from './accounts/accounts.service';
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AccountEntity } from './entities/account.entity';
import { ApiKeyEntity } from './entities/api-key.entity';

export const ACCOUNTS_ENTITIES = [AccountEntity, ApiKeyEntity];

@Module({
  imports: [TypeOrmModule.forFeature(ACCOUNTS_ENTITIES)],
  providers: [AccountsRepository, AccountsService, ApiKeysRepository, ApiKeysService, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AccountsService, ApiKeysService],
})
export class AccountsModule {}
