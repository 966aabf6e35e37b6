import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountClosure1795952000000 implements MigrationInterface {
  name = 'AccountClosure1795952000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`profile_changes\` (\`id\` varchar(36) NOT NULL, \`account_id\` varchar(36) NOT NULL, \`field\` varchar(32) NOT NULL, \`changed_at\` datetime NOT NULL, INDEX \`idx_profile_changes_account\` (\`account_id\`, \`changed_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`pending_email_changes\` (\`account_id\` varchar(36) NOT NULL, \`email\` varchar(320) NOT NULL, \`token_hash\` varchar(64) NOT NULL, \`requested_at\` datetime NOT NULL, \`expires_at\` datetime NOT NULL, UNIQUE INDEX \`IDX_7008496da145be743f4b6efc5e\` (\`token_hash\`), PRIMARY KEY (\`account_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`closed_at\` datetime NULL`);
    await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`delete_after\` datetime NULL`);
    await queryRunner.query(
      `CREATE INDEX \`idx_accounts_status_delete_after\` ON \`accounts\` (\`status\`, \`delete_after\`)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`idx_accounts_status_delete_after\` ON \`accounts\``);
    await queryRunner.query(`ALTER TABLE \`accounts\` DROP COLUMN \`delete_after\``);
    await queryRunner.query(`ALTER TABLE \`accounts\` DROP COLUMN \`closed_at\``);
    await queryRunner.query(`DROP INDEX \`IDX_7008496da145be743f4b6efc5e\` ON \`pending_email_changes\``);
    await queryRunner.query(`DROP TABLE \`pending_email_changes\``);
    await queryRunner.query(`DROP INDEX \`idx_profile_changes_account\` ON \`profile_changes\``);
    await queryRunner.query(`DROP TABLE \`profile_changes\``);
  }
}
