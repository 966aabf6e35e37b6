import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, SessionUser } from '@vipcloud/accounts';
import { formatAmount } from '@vipcloud/billing';
import { Access } from '@vipcloud/platform';
import type { ModelPrice } from '../catalog/model-catalog.schema';
import { EffectiveModelPrice, ModelPricesService } from './model-prices.service';
import { AdminModelPriceModel, SetModelPriceInput, UsdModelPriceModel } from './models/admin-model-price.model';

function toUsd(p: ModelPrice): UsdModelPriceModel {
  return { input: formatAmount(p.input), cachedInput: formatAmount(p.cachedInput), output: formatAmount(p.output) };
}

function toModel(e: EffectiveModelPrice): AdminModelPriceModel {
  return {
    model: e.model,
    price: toUsd(e.price),
    catalogPrice: toUsd(e.catalogPrice),
    overridden: e.override !== null,
    updatedAt: e.override?.updatedAt ?? null,
    updatedBy: e.override?.updatedBy ?? null,
  };
}

/** Operators' model prices: what every catalog model costs, and edits that apply to new requests. */
@Resolver(() => AdminModelPriceModel)
export class ModelPricesResolver {
  constructor(private readonly prices: ModelPricesService) {}

  @Access('admin')
  @Query(() => [AdminModelPriceModel], {
    description: 'Admin: every catalog model’s current price, and whether an operator set it.',
  })
  async modelPrices(): Promise<AdminModelPriceModel[]> {
    return (await this.prices.list()).map(toModel);
  }

  @Access('admin')
  @Mutation(() => AdminModelPriceModel, {
    description:
      'Admin: sets a catalog model’s price. Requests that start afterwards pay it (other instances within PRICE_CACHE_MS); requests in flight keep the price they started with.',
  })
  async setModelPrice(
    @CurrentUser() user: SessionUser,
    @Args('input') input: SetModelPriceInput,
  ): Promise<AdminModelPriceModel> {
    const { model, ...usd } = input;
    return toModel(await this.prices.setUsd(model, usd, `operator:${user.account.id}`));
  }
}
