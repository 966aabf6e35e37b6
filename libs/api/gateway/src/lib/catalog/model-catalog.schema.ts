import { z } from 'zod';
import { PROVIDER_IDS } from '../gateway.config';

const microUsd = z.number().int().nonnegative();

export const modelRouteSchema = z.object({
  provider: z.enum(PROVIDER_IDS as [string, ...string[]]),
  upstreamModel: z.string().min(1),
  priority: z.number().int().min(0).default(1),
  weight: z.number().int().positive().default(1),
});

export const catalogModelSchema = z.object({
  id: z.string().min(1).max(128),
  ownedBy: z.string().min(1),
  contextWindow: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive(),
  defaultMaxOutputTokens: z.number().int().positive().optional(),
  /** Integer micro-USD per 1M tokens. */
  price: z.object({ input: microUsd, cachedInput: microUsd, output: microUsd }),
  routes: z.array(modelRouteSchema).min(1),
});

export const modelCatalogSchema = z.object({
  version: z.string().min(1),
  models: z.array(catalogModelSchema).min(1),
});

export type ModelRoute = z.infer<typeof modelRouteSchema>;
export type CatalogModel = z.infer<typeof catalogModelSchema>;
export type ModelCatalog = z.infer<typeof modelCatalogSchema>;
export type ModelPrice = CatalogModel['price'];
