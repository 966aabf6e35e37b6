import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from '../auth/api-key.guard';
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
@UseGuards(ApiKeyGuard)
export class ModelsController {
  constructor(private readonly catalog: ModelCatalogService) {}

  @Get()
  list(): { object: 'list'; data: ModelOut[] } {
    return { object: 'list', data: this.catalog.available().map(toModel) };
  }

  @Get(':id')
  get(@Param('id') id: string): ModelOut {
    const found = this.catalog.find(id);
    if (!found) throw new ModelNotFoundError(id);
    return toModel(found.model);
  }
}
