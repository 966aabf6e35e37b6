import { MigrationInterface, QueryRunner } from 'typeorm';

/** Abuse signals of other kinds than refusals (rate limit triggers, key sharing): no provider, stage or model; a detail. */
export class AbuseSignalKinds1795961000000 implements MigrationInterface {
  name = 'AbuseSignalKinds1795961000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`abuse_signals\` MODIFY \`model\` varchar(128) NULL DEFAULT NULL, MODIFY \`provider\` varchar(32) NULL DEFAULT NULL, MODIFY \`stage\` varchar(16) NULL DEFAULT NULL, ADD \`detail\` varchar(64) NULL DEFAULT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM \`abuse_signals\` WHERE \`kind\` <> 'refusal'`);
    await queryRunner.query(
      `ALTER TABLE \`abuse_signals\` DROP COLUMN \`detail\`, MODIFY \`model\` varchar(128) NOT NULL, MODIFY \`provider\` varchar(32) NOT NULL, MODIFY \`stage\` varchar(16) NOT NULL`,
    );
  }
}
