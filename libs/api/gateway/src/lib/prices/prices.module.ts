import { Module } from '@nestjs/common';
import { provideConfig } from '@vipcloud/platform';
import { gatewayConfig } from '../gateway.config';
import { ModelCatalogService } from '../catalog/model-catalog.service';
import { ModelPriceRepository } from './model-price.repository';
import { ModelPricesService } from './model-prices.service';

/**
 * The model catalog and its prices, apart from the request path: the operator CLI needs these
 * without loading the token estimator's tables or the upstream clients. The gateway's settings are
 * provided here, the lowest of its modules, for every gateway module that imports this one.
 */
@Module({
  providers: [provideConfig(gatewayConfig), ModelCatalogService, ModelPriceRepository, ModelPricesService],
  exports: [gatewayConfig.token, ModelCatalogService, ModelPricesService],
})
export class PricesModule {}
