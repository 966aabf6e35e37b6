import { readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { ConfigError } from '@vipcloud/platform';
import { GatewayConfig, InjectGatewayConfig, ProviderId } from '../gateway.config';
import bundledCatalog from './model-catalog.json';
import { CatalogModel, ModelCatalog, modelCatalogSchema, ModelRoute } from './model-catalog.schema';

/** One way to serve a model: a provider, one of its keys, and the upstream's name for the model. */
export interface Channel {
  /** Stable identity for cool-downs: provider, key position and upstream model. */
  readonly id: string;
  /** The upstream account behind the channel (provider and key position), shared by its models. */
  readonly keyId: string;
  readonly provider: ProviderId;
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly upstreamModel: string;
  readonly priority: number;
  readonly weight: number;
}

export interface ResolvedModel {
  readonly model: CatalogModel;
  readonly channels: readonly Channel[];
}

@Injectable()
export class ModelCatalogService {
  readonly catalog: ModelCatalog;
  private readonly resolved = new Map<string, ResolvedModel>();

  constructor(@InjectGatewayConfig() config: GatewayConfig) {
    this.catalog = ModelCatalogService.load(config.modelCatalogPath);
    const providers = new Map(config.providers.map((p) => [p.id, p]));
    for (const model of this.catalog.models) {
      const channels = model.routes.flatMap((route: ModelRoute) => {
        const settings = providers.get(route.provider as ProviderId);
        if (!settings) return [];
        return settings.apiKeys.map((apiKey, keyIndex) => ({
          id: `${route.provider}#${keyIndex}:${route.upstreamModel}`,
          keyId: `${route.provider}#${keyIndex}`,
          provider: settings.id,
          baseUrl: settings.baseUrl,
          apiKey,
          upstreamModel: route.upstreamModel,
          priority: route.priority,
          weight: route.weight,
        }));
      });
      if (channels.length > 0) this.resolved.set(model.id, { model, channels });
    }
  }

  private static load(path: string | undefined): ModelCatalog {
    let raw: unknown = bundledCatalog;
    if (path) {
      try {
        raw = JSON.parse(readFileSync(path, 'utf8'));
      } catch (err) {
        throw new ConfigError(`MODEL_CATALOG_PATH ${path} could not be read as JSON: ${(err as Error).message}`);
      }
    }
    const parsed = modelCatalogSchema.safeParse(raw);
    if (!parsed.success) throw new ConfigError(`The model catalog is invalid: ${parsed.error.message}`);
    const ids = new Set<string>();
    for (const m of parsed.data.models) {
      if (ids.has(m.id)) throw new ConfigError(`The model catalog lists ${m.id} twice`);
      ids.add(m.id);
    }
    return parsed.data;
  }

  /** The model, if at least one configured provider serves it. */
  find(modelId: string): ResolvedModel | undefined {
    return this.resolved.get(modelId);
  }

  /** Any model the catalog lists, served or not (operators price models before enabling a provider). */
  catalogModel(modelId: string): CatalogModel | undefined {
    return this.catalog.models.find((m) => m.id === modelId);
  }

  /** Models that have a configured route, for /v1/models. */
  available(): CatalogModel[] {
    return [...this.resolved.values()].map((r) => r.model);
  }
}
