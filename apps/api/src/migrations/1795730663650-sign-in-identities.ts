import { MigrationInterface, QueryRunner } from 'typeorm';

export class SignInIdentities1795730663650 implements MigrationInterface {
  name = 'SignInIdentities1795730663650';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`oauth_identities\` (\`id\` varchar(36) NOT NULL, \`account_id\` varchar(36) NOT NULL, \`provider\` varchar(16) NOT NULL, \`subject\` varchar(255) NOT NULL, \`refresh_token_sealed\` text NULL, \`created_at\` datetime NOT NULL, INDEX \`idx_oauth_identities_account\` (\`account_id\`), UNIQUE INDEX \`uq_oauth_identities_subject\` (\`provider\`, \`subject\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`display_name\` varchar(200) NULL`);
    await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`avatar_url\` varchar(1024) NULL`);
    await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`adult_confirmed_at\` datetime NULL`);
    await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`terms_version\` varchar(32) NULL`);
    await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`terms_accepted_at\` datetime NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`accounts\` DROP COLUMN \`terms_accepted_at\``);
    await queryRunner.query(`ALTER TABLE \`accounts\` DROP COLUMN \`terms_version\``);
    await queryRunner.query(`ALTER TABLE \`accounts\` DROP COLUMN \`adult_confirmed_at\``);
    await queryRunner.query(`ALTER TABLE \`accounts\` DROP COLUMN \`avatar_url\``);
    await queryRunner.query(`ALTER TABLE \`accounts\` DROP COLUMN \`display_name\``);
    await queryRunner.query(`DROP INDEX \`uq_oauth_identities_subject\` ON \`oauth_identities\``);
    await queryRunner.query(`DROP INDEX \`idx_oauth_identities_account\` ON \`oauth_identities\``);
    await queryRunner.query(`DROP TABLE \`oauth_identities\``);
  }
}
