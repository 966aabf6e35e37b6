import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';
import { AppConfig } from '../config/app-config';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityList = MixedList<Function | string>;

export interface SchemaSources {
  entities: EntityList;
  migrations: EntityList;
  /**
   * Migrations of data rather than schema, written for both databases: MySQL runs them among
   * `migrations` (list them there too); SQLite, whose schema follows the entities, runs only these,
   * once its schema is in place (`openDataSource`), so an embedded database from an earlier version
   * is migrated too.
   */
  dataMigrations?: EntityList;
}

/**
 * MySQL/MariaDB when DATABASE_URL is set (schema from migrations only), otherwise an SQLite
 * file under DATA_DIR whose schema follows the entities, so a fresh clone runs with no settings.
 */
export function buildDataSourceOptions(config: AppConfig, sources: SchemaSources): DataSourceOptions {
  const url = config.databaseUrl;
  if (url) {
    return {
      // TypeORM reads MariaDB's catalogue differently (column defaults); the URL scheme says which.
      type: url.startsWith('mariadb:') ? 'mariadb' : 'mysql',
      url: url.replace(/^mariadb:/, 'mysql:'),
      entities: sources.entities,
      migrations: sources.migrations,
      migrationsRun: true,
      synchronize: false,
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
      supportBigNumbers: true,
      bigNumberStrings: true,
      extra: { connectionLimit: 20 },
    };
  }
  mkdirSync(config.dataDir, { recursive: true });
  return {
    type: 'better-sqlite3',
    database: join(config.dataDir, 'vipcloud.sqlite'),
    entities: sources.entities,
    synchronize: true, // SQLite only: the embedded default follows the entities; MySQL uses migrations
    // Not `migrationsRun`: TypeORM would run them before synchronizing (see openDataSource).
    migrations: sources.dataMigrations ?? [],
    prepareDatabase: (db: { pragma(s: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
    },
  };
}

/**
 * Connects, and on SQLite runs the data migrations not yet applied once synchronize has brought the
 * schema up to the entities: TypeORM's own `migrationsRun` would run them first, on a schema that
 * may lack the tables and columns they read (a fresh file has no tables at all).
 */
export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  const ds = await new DataSource(options).initialize();
  try {
    if (!options.migrationsRun && ds.migrations.length > 0) await ds.runMigrations({ transaction: 'all' });
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  return ds;
}
