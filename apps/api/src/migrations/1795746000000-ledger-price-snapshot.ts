import { MigrationInterface, QueryRunner } from 'typeorm';

export class LedgerPriceSnapshot1795746000000 implements MigrationInterface {
  name = 'LedgerPriceSnapshot1795746000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`ledger_entries\` ADD \`price_snapshot\` varchar(200) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`ledger_entries\` DROP COLUMN \`price_snapshot\``);
  }
}
