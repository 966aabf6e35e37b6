import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModelCatalogService } from '../catalog/model-catalog.service';
import { ModelPriceEntity } from './model-price.entity';
import { ModelPriceRepository } from './model-price.repository';
import { ModelPricesService } from './model-prices.service';

/**
 * The model catalog and its prices, apart from the request path: the operator CLI needs these
 * without loading the token estimator's tables or the upstream clients.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ModelPriceEntity])],
  providers: [ModelCatalogService, ModelPriceRepository, ModelPricesService],
  exports: [ModelCatalogService, ModelPricesService],
})
export class PricesModule {}
