import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access } from '@vipcloud/platform';
import { CurrentUser } from '../access/current-user.decorator';
import type { ApiKeyEntity } from '../entities/api-key.entity';
import { ApiKeyModel, CreateApiKeyInput, CreatedApiKeyModel } from '../models/api-key.model';
import type { SessionUser } from '../sessions/sessions.service';
import { ApiKeysService } from './api-keys.service';

function toModel(k: ApiKeyEntity): ApiKeyModel {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt,
    lastUsedAt: k.lastUsedAt,
    expiresAt: k.expiresAt,
    allowedModels: k.allowedModels,
    revokedAt: k.revokedAt,
  };
}

/** The signed-in user's own API keys; every id is checked against the caller's account. */
@Resolver(() => ApiKeyModel)
export class ApiKeysResolver {
  constructor(private readonly keys: ApiKeysService) {}

  @Access('user')
  @Query(() => [ApiKeyModel], { description: 'Your API keys, oldest first.' })
  async myApiKeys(@CurrentUser() user: SessionUser): Promise<ApiKeyModel[]> {
    return (await this.keys.list(user.account.id)).map(toModel);
  }

  @Access('user')
  @Mutation(() => CreatedApiKeyModel, { description: 'Creates a key and returns its secret, once.' })
  async createApiKey(
    @CurrentUser() user: SessionUser,
    @Args('input') input: CreateApiKeyInput,
  ): Promise<CreatedApiKeyModel> {
    const { key, secret } = await this.keys.create(user.account.id, {
      name: input.name,
      expiresAt: input.expiresAt ?? null,
      allowedModels: input.allowedModels ?? null,
    });
    return { key: toModel(key), secret };
  }

  @Access('user')
  @Mutation(() => ApiKeyModel)
  async renameApiKey(
    @CurrentUser() user: SessionUser,
    @Args('id', { type: () => ID }) id: string,
    @Args('name') name: string,
  ): Promise<ApiKeyModel> {
    return toModel(await this.keys.renameOwn(user.account.id, id, name));
  }

  @Access('user')
  @Mutation(() => ApiKeyModel, { description: 'Revokes a key; every instance refuses it at once.' })
  async revokeApiKey(
    @CurrentUser() user: SessionUser,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<ApiKeyModel> {
    return toModel(await this.keys.revokeOwn(user.account.id, id));
  }
}
