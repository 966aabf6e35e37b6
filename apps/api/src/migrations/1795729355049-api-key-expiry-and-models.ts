import { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeyExpiryAndModels1795729355049 implements MigrationInterface {
  name = 'ApiKeyExpiryAndModels1795729355049';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`api_keys\` ADD \`expires_at\` datetime NULL`);
    await queryRunner.query(`ALTER TABLE \`api_keys\` ADD \`allowed_models\` text NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`api_keys\` DROP COLUMN \`allowed_models\``);
    await queryRunner.query(`ALTER TABLE \`api_keys\` DROP COLUMN \`expires_at\``);
  }
}
