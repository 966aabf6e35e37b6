import { MigrationInterface, QueryRunner } from 'typeorm';

export class LegalAnnouncementDelivery1795910000000 implements MigrationInterface {
  name = 'LegalAnnouncementDelivery1795910000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`legal_announcements\` ADD \`sending_at\` datetime NULL`);
    await queryRunner.query(`ALTER TABLE \`legal_announcements\` ADD \`sent_at\` datetime NULL`);
    // No row predates these columns: the table ships in the same release, so none is marked sent here
    // (marking queued rows sent would skip emails still waiting in the queue).
    await queryRunner.query(
      `CREATE INDEX \`IDX_legal_announcements_unsent\` ON \`legal_announcements\` (\`document\`, \`version\`, \`sent_at\`)`,
    );
    await queryRunner.query(
      `CREATE TABLE \`legal_announcement_scans\` (\`document\` varchar(16) NOT NULL, \`version\` varchar(32) NOT NULL, \`scanned_at\` datetime NOT NULL, PRIMARY KEY (\`document\`, \`version\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`legal_announcement_scans\``);
    await queryRunner.query(`DROP INDEX \`IDX_legal_announcements_unsent\` ON \`legal_announcements\``);
    await queryRunner.query(`ALTER TABLE \`legal_announcements\` DROP COLUMN \`sent_at\``);
    await queryRunner.query(`ALTER TABLE \`legal_announcements\` DROP COLUMN \`sending_at\``);
  }
}
