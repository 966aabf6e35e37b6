import { MigrationInterface, QueryRunner } from 'typeorm';

export class BillingPayments1795745000000 implements MigrationInterface {
  name = 'BillingPayments1795745000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`credit_alerts\` (\`account_id\` varchar(36) NOT NULL, \`threshold_micros\` bigint NOT NULL, \`armed\` tinyint NOT NULL DEFAULT 1, \`updated_at\` datetime NOT NULL, PRIMARY KEY (\`account_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`credit_packs\` (\`id\` varchar(36) NOT NULL, \`name\` varchar(100) NOT NULL, \`credits_micros\` bigint NOT NULL, \`price_minor\` bigint NOT NULL, \`currency\` varchar(3) NOT NULL, \`processor_price_id\` varchar(64) NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`sort_order\` int NOT NULL DEFAULT '0', \`created_at\` datetime NOT NULL, \`updated_at\` datetime NOT NULL, PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`payment_events\` (\`event_id\` varchar(64) NOT NULL, \`processor\` varchar(16) NOT NULL, \`type\` varchar(64) NOT NULL, \`transaction_id\` varchar(64) NULL, \`adjustment_id\` varchar(64) NULL, \`action\` varchar(24) NULL, \`amount_minor\` bigint NULL, \`full_amount\` tinyint NOT NULL DEFAULT 0, \`status\` varchar(16) NOT NULL, \`occurred_at\` datetime NOT NULL, \`received_at\` datetime NOT NULL, INDEX \`idx_payment_events_received\` (\`received_at\`), INDEX \`idx_payment_events_adjustment\` (\`adjustment_id\`), INDEX \`idx_payment_events_transaction\` (\`transaction_id\`), PRIMARY KEY (\`event_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`purchases\` (\`id\` varchar(36) NOT NULL, \`account_id\` varchar(36) NOT NULL, \`pack_id\` varchar(36) NULL, \`pack_name\` varchar(100) NOT NULL, \`credits_micros\` bigint NOT NULL, \`amount_minor\` bigint NOT NULL, \`currency\` varchar(3) NOT NULL, \`paid_minor\` bigint NULL, \`tax_minor\` bigint NULL, \`refunded_minor\` bigint NOT NULL DEFAULT '0', \`credits_reversed_micros\` bigint NOT NULL DEFAULT '0', \`credits_charged_back_micros\` bigint NOT NULL DEFAULT '0', \`processor\` varchar(16) NOT NULL, \`processor_transaction_id\` varchar(64) NOT NULL, \`status\` varchar(24) NOT NULL, \`refund_requested_at\` datetime NULL, \`refund_adjustment_id\` varchar(64) NULL, \`created_at\` datetime NOT NULL, \`completed_at\` datetime NULL, \`updated_at\` datetime NOT NULL, INDEX \`idx_purchases_created\` (\`created_at\`), INDEX \`idx_purchases_account\` (\`account_id\`, \`created_at\`), UNIQUE INDEX \`IDX_9ed2081cc9904b7e467994290a\` (\`processor_transaction_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`ALTER TABLE \`ledger_entries\` ADD \`price_snapshot\` varchar(200) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`ledger_entries\` DROP COLUMN \`price_snapshot\``);
    await queryRunner.query(`DROP INDEX \`IDX_9ed2081cc9904b7e467994290a\` ON \`purchases\``);
    await queryRunner.query(`DROP INDEX \`idx_purchases_account\` ON \`purchases\``);
    await queryRunner.query(`DROP INDEX \`idx_purchases_created\` ON \`purchases\``);
    await queryRunner.query(`DROP TABLE \`purchases\``);
    await queryRunner.query(`DROP INDEX \`idx_payment_events_transaction\` ON \`payment_events\``);
    await queryRunner.query(`DROP INDEX \`idx_payment_events_adjustment\` ON \`payment_events\``);
    await queryRunner.query(`DROP INDEX \`idx_payment_events_received\` ON \`payment_events\``);
    await queryRunner.query(`DROP TABLE \`payment_events\``);
    await queryRunner.query(`DROP TABLE \`credit_packs\``);
    await queryRunner.query(`DROP TABLE \`credit_alerts\``);
  }
}
