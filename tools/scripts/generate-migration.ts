/**
 * Writes a MySQL migration for whatever the entities changed: runs the existing migrations on a
 * scratch database, asks TypeORM for the remaining difference and prints it as a migration class.
 *   npm run migration:generate -- AddSomething
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig, buildDataSourceOptions } from '@vipcloud/platform';
import { SCHEMA } from '../../apps/api/src/schema';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('usage: migration:generate -- PascalCaseName');
  const admin = process.env['MIGRATION_DATABASE_URL'] ?? 'mariadb://root@127.0.0.1:3306/test';
  const scratch = `vc_migration_${Date.now()}`;
  const root = new DataSource({ type: 'mysql', url: admin.replace(/^mariadb:/, 'mysql:') });
  await root.initialize();
  await root.query(`CREATE DATABASE \`${scratch}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  try {
    const url = new URL(admin);
    url.pathname = `/${scratch}`;
    const ds = new DataSource(buildDataSourceOptions(new AppConfig({ DATABASE_URL: url.toString() }), SCHEMA));
    await ds.initialize();
    const sql = await ds.driver.createSchemaBuilder().log();
    await ds.destroy();
    if (sql.upQueries.length === 0) {
      process.stdout.write('No changes: the migrations already produce the entities’ schema.\n');
      return;
    }
    const ts = Date.now();
    const esc = (q: string): string => q.replace(/\\/g, '\\\\').replace(/`/g, '\\`');
    const up = sql.upQueries.map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`).join('\n');
    const down = sql.downQueries
      .reverse()
      .map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`)
      .join('\n');
    const kebab = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
    const file = join(__dirname, '../../../apps/api/src/migrations', `${ts}-${kebab}.ts`);
    writeFileSync(
      file.replace('/dist/', '/'),
      [
        `import { MigrationInterface, QueryRunner } from 'typeorm';`,
        ``,
        `export class ${name}${ts} implements MigrationInterface {`,
        `  name = '${name}${ts}';`,
        ``,
        `  public async up(queryRunner: QueryRunner): Promise<void> {`,
        up,
        `  }`,
        ``,
        `  public async down(queryRunner: QueryRunner): Promise<void> {`,
        down,
        `  }`,
        `}`,
        ``,
      ].join('\n'),
    );
    process.stdout.write(`Wrote ${file.replace('/dist/', '/')}; add it to apps/api/src/schema.ts.\n`);
  } finally {
    await root.query(`DROP DATABASE IF EXISTS \`${scratch}\``);
    await root.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
