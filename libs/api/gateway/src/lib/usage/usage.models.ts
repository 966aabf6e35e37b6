import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum UsageGroupingModel {
  DAY = 'day',
  MODEL = 'model',
  KEY = 'key',
}
registerEnumType(UsageGroupingModel, {
  name: 'UsageGrouping',
  description: 'How usage is summed: per UTC day, per model, or per API key.',
});

@ObjectType('UsageBucket')
export class UsageBucketModel {
  @Field({ description: 'The day (YYYY-MM-DD, UTC), the model id, or the API key id.' })
  key!: string;

  @Field(() => String, { nullable: true, description: "The API key's name when grouped by key." })
  label!: string | null;

  @Field(() => Int)
  requests!: number;

  @Field(() => Float, { description: 'A whole number of tokens.' })
  inputTokens!: number;

  @Field(() => Float, { description: 'Input tokens served from the provider cache (part of inputTokens).' })
  cachedTokens!: number;

  @Field(() => Float, { description: 'A whole number of tokens.' })
  outputTokens!: number;

  @Field({ description: 'USD as an exact decimal string with 6 decimals.' })
  cost!: string;
}

@ObjectType('RequestRecord', { description: 'One API request as billing records it: metadata only.' })
export class RequestRecordModel {
  @Field(() => ID)
  id!: string;

  @Field()
  createdAt!: Date;

  @Field()
  model!: string;

  @Field(() => ID, { description: "The key's id; its name is `apiKeyName`." })
  apiKeyId!: string;

  @Field(() => String, { nullable: true, description: "The key's name (null if the key no longer exists)." })
  apiKeyName!: string | null;

  @Field(() => Int)
  inputTokens!: number;

  @Field(() => Int, { description: "Input tokens served from the provider's cache (part of inputTokens)." })
  cachedTokens!: number;

  @Field(() => Int)
  outputTokens!: number;

  @Field({ description: 'What the request cost. USD as an exact decimal string with 6 decimals.' })
  cost!: string;

  @Field(() => Int, { description: 'The HTTP status the caller received.' })
  status!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Our error code when the request failed, e.g. insufficient_quota.',
  })
  errorCode!: string | null;

  @Field(() => Int, { description: "From the request's arrival to its last byte, in milliseconds." })
  latencyMs!: number;

  @Field()
  stream!: boolean;
}
