import { BeforeApplicationShutdown, DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { buildDataSourceOptions, openDataSource, SchemaSources } from './data-source-options';
import { DatabaseHealthRepository } from './database-health.repository';
import { Database } from './database.service';

/** The data source and the one facade over it (`Database`), available to every feature's repositories. */
@Module({})
export class DatabaseModule implements BeforeApplicationShutdown {
  constructor(private readonly db: Database) {}

  static forRoot(sources: SchemaSources): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          // Fail fast with the driver's message instead of a long retry loop at start-up.
          useFactory: (config: AppConfig) => ({
            ...buildDataSourceOptions(config, sources),
            retryAttempts: 1,
            retryDelay: 1000,
          }),
          dataSourceFactory: (options) => openDataSource(options as DataSourceOptions),
        }),
      ],
      providers: [
        { provide: Database, inject: [getDataSourceToken()], useFactory: (ds: DataSource) => new Database(ds) },
        DatabaseHealthRepository,
      ],
      exports: [Database, DatabaseHealthRepository],
    };
  }

  /**
   * Runs before every `onApplicationShutdown`, where TypeORM closes the pool: writes still in flight (a
   * settlement started as the last request ended) finish first. The hooks' own writes (flushes) come after,
   * each awaited by its hook.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.db.idle();
  }
}
