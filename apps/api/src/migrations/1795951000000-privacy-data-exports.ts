import { MigrationInterface, QueryRunner } from 'typeorm';

export class PrivacyDataExports1795951000000 implements MigrationInterface {
  name = 'PrivacyDataExports1795951000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`privacy_data_export_chunks\` (\`export_id\` varchar(36) NOT NULL, \`seq\` int NOT NULL, \`data\` blob NOT NULL, PRIMARY KEY (\`export_id\`, \`seq\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`privacy_data_exports\` (\`id\` varchar(36) NOT NULL, \`account_id\` varchar(36) NOT NULL, \`status\` varchar(16) NOT NULL, \`progress\` int NOT NULL DEFAULT '0', \`in_progress_account_id\` varchar(36) NULL, \`requested_at\` datetime NOT NULL, \`ready_at\` datetime NULL, \`expires_at\` datetime NULL, \`size_bytes\` int NULL, \`rights_request_id\` varchar(36) NULL, INDEX \`idx_privacy_data_exports_expiry\` (\`status\`, \`expires_at\`), INDEX \`idx_privacy_data_exports_account\` (\`account_id\`, \`requested_at\`), UNIQUE INDEX \`uq_privacy_data_exports_in_progress\` (\`in_progress_account_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`uq_privacy_data_exports_in_progress\` ON \`privacy_data_exports\``);
    await queryRunner.query(`DROP INDEX \`idx_privacy_data_exports_account\` ON \`privacy_data_exports\``);
    await queryRunner.query(`DROP INDEX \`idx_privacy_data_exports_expiry\` ON \`privacy_data_exports\``);
    await queryRunner.query(`DROP TABLE \`privacy_data_exports\``);
    await queryRunner.query(`DROP TABLE \`privacy_data_export_chunks\``);
  }
}
