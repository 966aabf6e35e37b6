export { GatewayModule, GATEWAY_ENTITIES } from './lib/gateway.module';
export { MeteringService } from './lib/metering/metering.service';
export { RequestLogRepository } from './lib/metering/request-log.repository';
export type { RequestLogEntity, UsageSource } from './lib/metering/request-log.entity';
export { ModelCatalogService } from './lib/catalog/model-catalog.service';
export { default as BUNDLED_MODEL_CATALOG } from './lib/catalog/model-catalog.json';
export type { ModelCatalog, CatalogModel, ModelPrice } from './lib/catalog/model-catalog.schema';
export { ModelPricesService, MAX_PRICE_MICROS } from './lib/prices/model-prices.service';
export type { EffectiveModelPrice, UsdModelPrice } from './lib/prices/model-prices.service';
