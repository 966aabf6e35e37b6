import { MigrationInterface, QueryRunner } from 'typeorm';

export class ModelPrices1795740000000 implements MigrationInterface {
  name = 'ModelPrices1795740000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`model_prices\` (\`model_id\` varchar(128) NOT NULL, \`input_micros\` bigint NOT NULL, \`cached_input_micros\` bigint NOT NULL, \`output_micros\` bigint NOT NULL, \`updated_at\` datetime NOT NULL, \`updated_by\` varchar(100) NOT NULL, PRIMARY KEY (\`model_id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`model_prices\``);
  }
}
