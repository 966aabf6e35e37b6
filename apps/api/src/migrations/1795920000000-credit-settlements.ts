import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreditSettlements1795920000000 implements MigrationInterface {
  name = 'CreditSettlements1795920000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`credit_settlements\` (\`request_id\` varchar(64) NOT NULL, \`account_id\` varchar(36) NOT NULL, \`settled_at\` datetime NOT NULL, INDEX \`idx_credit_settlements_time\` (\`settled_at\`), PRIMARY KEY (\`request_id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`idx_credit_settlements_time\` ON \`credit_settlements\``);
    await queryRunner.query(`DROP TABLE \`credit_settlements\``);
  }
}
