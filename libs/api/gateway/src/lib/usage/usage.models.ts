import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

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
