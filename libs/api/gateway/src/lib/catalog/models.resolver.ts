import { Query, Resolver } from '@nestjs/graphql';
import { Access } from '@vipcloud/platform';
import { ModelPricesService } from '../prices/model-prices.service';
import type { CatalogModel, ModelPrice } from './model-catalog.schema';
import { ModelCatalogService } from './model-catalog.service';
import { PublicModelModel } from './models/public-model.model';

function toModel(m: CatalogModel, price: ModelPrice): PublicModelModel {
  return {
    id: m.id,
    ownedBy: m.ownedBy,
    contextWindow: m.contextWindow,
    maxOutputTokens: m.maxOutputTokens,
    price: {
      inputMicrosPerMillion: price.input,
      cachedInputMicrosPerMillion: price.cachedInput,
      outputMicrosPerMillion: price.output,
    },
  };
}

/** Public: the pricing page and the portal show what can be called and what it costs. */
@Resolver(() => PublicModelModel)
export class ModelsResolver {
  constructor(
    private readonly catalog: ModelCatalogService,
    private readonly prices: ModelPricesService,
  ) {}

  @Access('public')
  @Query(() => [PublicModelModel], { description: 'Models with a configured route, and the prices new requests pay.' })
  async models(): Promise<PublicModelModel[]> {
    const models = this.catalog.available();
    const prices = await this.prices.pricesFor(models);
    return models.map((m, i) => toModel(m, prices[i]));
  }
}
