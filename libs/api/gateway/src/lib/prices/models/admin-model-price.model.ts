import { Field, InputType, ObjectType } from '@nestjs/graphql';

const USD_PER_MILLION =
  'Decimal USD per 1M tokens as a string with 6 decimals (e.g. "0.300000"), exact: never a float.';
const USD_PER_MILLION_INPUT =
  'Decimal USD per 1M tokens as a string (e.g. "0.30"): at most 6 decimals, not negative, at most 2147.483647.';

@ObjectType('UsdModelPrice', { description: 'A model’s price per one million tokens, in decimal USD strings.' })
export class UsdModelPriceModel {
  @Field({ description: `Uncached input tokens. ${USD_PER_MILLION}` })
  input!: string;

  @Field({ description: `Input tokens served from the provider’s cache. ${USD_PER_MILLION}` })
  cachedInput!: string;

  @Field({ description: `Output tokens, reasoning included. ${USD_PER_MILLION}` })
  output!: string;
}

@ObjectType('AdminModelPrice', {
  description: 'What a catalog model costs new requests now, and where that price comes from.',
})
export class AdminModelPriceModel {
  @Field({ description: 'The model id callers send as `model`.' })
  model!: string;

  @Field(() => UsdModelPriceModel, {
    description: 'The price new requests pay: the operator’s, if set, else the catalog’s.',
  })
  price!: UsdModelPriceModel;

  @Field(() => UsdModelPriceModel, { description: 'The price the model catalog ships with.' })
  catalogPrice!: UsdModelPriceModel;

  @Field({ description: 'Whether an operator’s price replaces the catalog’s.' })
  overridden!: boolean;

  @Field(() => Date, { nullable: true, description: 'When an operator last set the price; null if never.' })
  updatedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Who last set the price (`operator:<account id>` or `cli`); null if never.',
  })
  updatedBy!: string | null;
}

@InputType({ description: 'A new price for a catalog model; it applies to requests that start after it is set.' })
export class SetModelPriceInput {
  @Field({ description: 'A model id from the catalog.' })
  model!: string;

  @Field({ description: `Uncached input tokens. ${USD_PER_MILLION_INPUT}` })
  input!: string;

  @Field({
    description: `Input tokens served from the provider’s cache (at most the input price). ${USD_PER_MILLION_INPUT}`,
  })
  cachedInput!: string;

  @Field({ description: `Output tokens, reasoning included. ${USD_PER_MILLION_INPUT}` })
  output!: string;
}
