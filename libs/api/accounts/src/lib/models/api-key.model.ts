import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';

@ObjectType('ApiKey', { description: 'An API key as its owner sees it: never the secret, never its hash.' })
export class ApiKeyModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'The first characters of the key, to recognise it.' })
  prefix!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => [String], { nullable: true, description: 'Model ids the key may call; null for all.' })
  allowedModels!: string[] | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyModel {
  @Field(() => ApiKeyModel)
  key!: ApiKeyModel;

  @Field({ description: 'The full key. Shown this once; VIPCloud keeps only its hash.' })
  secret!: string;
}

@InputType()
export class CreateApiKeyInput {
  @Field()
  name!: string;

  @Field(() => Date, { nullable: true })
  expiresAt?: Date | null;

  @Field(() => [String], { nullable: true })
  allowedModels?: string[] | null;
}
