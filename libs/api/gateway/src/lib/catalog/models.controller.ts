import { Controller, Get, Param, Req } from '@nestjs/common';
import type { AuthenticatedRequest } from '@vipcloud/accounts';
import { Access } from '@vipcloud/platform';
import { ModelNotFoundError } from '../gateway.errors';
import type { CatalogModel } from './model-catalog.schema';
import { ModelCatalogService } from './model-catalog.service';

interface ModelOut {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

// The catalog has no per-model release date; a fixed epoch keeps the field stable for clients.
const CATALOG_EPOCH = Math.floor(Date.parse('2026-01-01T00:00:00Z') / 1000);

function toModel(m: CatalogModel): ModelOut {
  return { id: m.id, object: 'model', created: CATALOG_EPOCH, owned_by: m.ownedBy };
}

@Controller('v1/models')
@Access('api-key')
export class ModelsController {
  constructor(private readonly catalog: ModelCatalogService) {}

  /** Only the models this key may call. */
  @Get()
  list(@Req() req: AuthenticatedRequest): { object: 'list'; data: ModelOut[] } {
    const allowed = req.auth.allowedModels;
    const models = this.catalog.available().filter((m) => !allowed || allowed.includes(m.id));
    return { object: 'list', data: models.map(toModel) };
  }

  @Get(':id')
  get(@Param('id') id: string, @Req() req: AuthenticatedRequest): ModelOut {
    const found = this.catalog.find(id);
    if (!found || (req.auth.allowedModels && !req.auth.allowedModels.includes(id))) throw new ModelNotFoundError(id);
    return toModel(found.model);
  }
}
