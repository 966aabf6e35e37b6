import { MigrationInterface, QueryRunner } from 'typeorm';

export class PaymentCursors1795861965847 implements MigrationInterface {
  name = 'PaymentCursors1795861965847';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`payment_cursors\` (\`processor\` varchar(16) NOT NULL, \`last_event_id\` varchar(64) NOT NULL, \`updated_at\` datetime NOT NULL, PRIMARY KEY (\`processor\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`payment_cursors\``);
  }
}
