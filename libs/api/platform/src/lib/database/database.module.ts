import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { buildDataSourceOptions, SchemaSources } from './data-source-options';

@Module({})
export class DatabaseModule {
  static forRoot(sources: SchemaSources): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          // Fail fast with the driver's message instead of a long retry loop at start-up.
          useFactory: (config: AppConfig) => ({ ...buildDataSourceOptions(config, sources), retryAttempts: 1, retryDelay: 1000 }),
        }),
      ],
    };
  }
}
