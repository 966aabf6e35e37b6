import { Query, Resolver } from '@nestjs/graphql';
import { Access } from '@vipcloud/platform';
import type { CatalogModel } from './model-catalog.schema';
import { ModelCatalogService } from './model-catalog.service';
import { PublicModelModel } from './models/public-model.model';

function toModel(m: CatalogModel): PublicModelModel {
  return {
    id: m.id,
    ownedBy: m.ownedBy,
    contextWindow: m.contextWindow,
    maxOutputTokens: m.maxOutputTokens,
    price: {
      inputMicrosPerMillion: m.price.input,
      cachedInputMicrosPerMillion: m.price.cachedInput,
      outputMicrosPerMillion: m.price.output,
    },
  };
}

/** Public: the pricing page and the portal show what can be called and what it costs. */
@Resolver(() => PublicModelModel)
export class ModelsResolver {
  constructor(private readonly catalog: ModelCatalogService) {}

  @Access('public')
  @Query(() => [PublicModelModel], { description: 'Models with a configured route, and their prices.' })
  models(): PublicModelModel[] {
    return this.catalog.available().map(toModel);
  }
}
