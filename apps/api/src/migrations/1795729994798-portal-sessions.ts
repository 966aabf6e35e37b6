import { MigrationInterface, QueryRunner } from 'typeorm';

export class PortalSessions1795729994798 implements MigrationInterface {
  name = 'PortalSessions1795729994798';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`sessions\` (\`id\` varchar(36) NOT NULL, \`account_id\` varchar(36) NOT NULL, \`token_hash\` varchar(64) NOT NULL, \`created_at\` datetime NOT NULL, \`last_seen_at\` datetime NOT NULL, \`expires_at\` datetime NOT NULL, \`user_agent\` varchar(200) NULL, \`client_ip\` varchar(64) NULL, \`ended_at\` datetime NULL, INDEX \`idx_sessions_account\` (\`account_id\`), UNIQUE INDEX \`IDX_abaa9e068cdd390bc5210f7988\` (\`token_hash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`role\` varchar(16) NOT NULL DEFAULT 'user'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`accounts\` DROP COLUMN \`role\``);
    await queryRunner.query(`DROP INDEX \`IDX_abaa9e068cdd390bc5210f7988\` ON \`sessions\``);
    await queryRunner.query(`DROP INDEX \`idx_sessions_account\` ON \`sessions\``);
    await queryRunner.query(`DROP TABLE \`sessions\``);
  }
}
