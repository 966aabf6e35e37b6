import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ModelPrice', { description: 'A price per one million tokens, in integer micro-USD (1 USD = 1,000,000).' })
export class ModelPriceModel {
  @Field(() => Int, { description: 'Uncached input tokens.' })
  inputMicrosPerMillion!: number;

  @Field(() => Int, { description: 'Input tokens served from the provider’s cache.' })
  cachedInputMicrosPerMillion!: number;

  @Field(() => Int, { description: 'Output tokens, reasoning included.' })
  outputMicrosPerMillion!: number;
}

@ObjectType('Model', { description: 'A model callers can use through /v1, with its limits and price.' })
export class PublicModelModel {
  @Field({ description: 'The id to send as `model`.' })
  id!: string;

  @Field()
  ownedBy!: string;

  @Field(() => Int)
  contextWindow!: number;

  @Field(() => Int)
  maxOutputTokens!: number;

  @Field(() => ModelPriceModel)
  price!: ModelPriceModel;
}
