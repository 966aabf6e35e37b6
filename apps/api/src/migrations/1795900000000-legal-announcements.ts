import { MigrationInterface, QueryRunner } from 'typeorm';

export class LegalAnnouncements1795900000000 implements MigrationInterface {
  name = 'LegalAnnouncements1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`legal_announcements\` (\`document\` varchar(16) NOT NULL, \`version\` varchar(32) NOT NULL, \`account_id\` varchar(36) NOT NULL, \`claimed_by\` varchar(36) NOT NULL, \`claimed_at\` datetime NOT NULL, \`queued_at\` datetime NULL, INDEX \`IDX_legal_announcements_pending\` (\`document\`, \`version\`, \`queued_at\`), PRIMARY KEY (\`document\`, \`version\`, \`account_id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_legal_announcements_pending\` ON \`legal_announcements\``);
    await queryRunner.query(`DROP TABLE \`legal_announcements\``);
  }
}
