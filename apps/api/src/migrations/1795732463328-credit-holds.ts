import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreditHolds1795732463328 implements MigrationInterface {
  name = 'CreditHolds1795732463328';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`credit_holds\` (\`request_id\` varchar(64) NOT NULL, \`account_id\` varchar(36) NOT NULL, \`amount_micros\` bigint NOT NULL, \`created_at\` datetime NOT NULL, INDEX \`idx_credit_holds_time\` (\`created_at\`), PRIMARY KEY (\`request_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`ALTER TABLE \`credit_balances\` ADD \`held_micros\` bigint NOT NULL DEFAULT '0'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`credit_balances\` DROP COLUMN \`held_micros\``);
    await queryRunner.query(`DROP INDEX \`idx_credit_holds_time\` ON \`credit_holds\``);
    await queryRunner.query(`DROP TABLE \`credit_holds\``);
  }
}
