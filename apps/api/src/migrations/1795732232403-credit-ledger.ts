import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreditLedger1795732232403 implements MigrationInterface {
  name = 'CreditLedger1795732232403';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`credit_balances\` (\`account_id\` varchar(36) NOT NULL, \`balance_micros\` bigint NOT NULL, \`updated_at\` datetime NOT NULL, PRIMARY KEY (\`account_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`ledger_entries\` (\`seq\` int NOT NULL AUTO_INCREMENT, \`id\` varchar(36) NOT NULL, \`account_id\` varchar(36) NOT NULL, \`kind\` varchar(16) NOT NULL, \`amount_micros\` bigint NOT NULL, \`balance_after_micros\` bigint NOT NULL, \`reference\` varchar(160) NOT NULL, \`fingerprint\` varchar(64) NOT NULL, \`reason\` varchar(500) NOT NULL, \`actor\` varchar(100) NOT NULL, \`created_at\` datetime NOT NULL, INDEX \`idx_ledger_account_time\` (\`account_id\`, \`created_at\`), UNIQUE INDEX \`IDX_6efcb84411d3f08b08450ae75d\` (\`id\`), UNIQUE INDEX \`IDX_e65825ccc890b273369f21ec2f\` (\`reference\`), PRIMARY KEY (\`seq\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_e65825ccc890b273369f21ec2f\` ON \`ledger_entries\``);
    await queryRunner.query(`DROP INDEX \`IDX_6efcb84411d3f08b08450ae75d\` ON \`ledger_entries\``);
    await queryRunner.query(`DROP INDEX \`idx_ledger_account_time\` ON \`ledger_entries\``);
    await queryRunner.query(`DROP TABLE \`ledger_entries\``);
    await queryRunner.query(`DROP TABLE \`credit_balances\``);
  }
}
