import { MigrationInterface, QueryRunner } from 'typeorm';

export class AbuseCases1795962000000 implements MigrationInterface {
  name = 'AbuseCases1795962000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`abuse_cases\` (\`id\` varchar(36) NOT NULL, \`account_id\` varchar(36) NULL DEFAULT NULL, \`api_key_id\` varchar(36) NULL DEFAULT NULL, \`reason\` varchar(32) NOT NULL, \`status\` varchar(16) NOT NULL, \`opened_at\` datetime NOT NULL, \`decision\` varchar(32) NULL DEFAULT NULL, \`closed_at\` datetime NULL DEFAULT NULL, INDEX \`idx_abuse_cases_status\` (\`status\`, \`opened_at\`), INDEX \`idx_abuse_cases_account\` (\`account_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`abuse_case_events\` (\`id\` varchar(36) NOT NULL, \`case_id\` varchar(36) NOT NULL, \`at\` datetime(3) NOT NULL, \`actor\` varchar(64) NOT NULL, \`action\` varchar(32) NOT NULL, \`note\` varchar(2000) NULL DEFAULT NULL, INDEX \`idx_abuse_case_events_case\` (\`case_id\`, \`at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`abuse_reports\` (\`id\` varchar(36) NOT NULL, \`created_at\` datetime NOT NULL, \`case_id\` varchar(36) NOT NULL, \`category\` varchar(32) NOT NULL, \`description\` varchar(2000) NOT NULL, \`reported_key_prefix\` varchar(16) NULL DEFAULT NULL, \`reported_account_id\` varchar(36) NULL DEFAULT NULL, \`reporter_contact\` varchar(254) NULL DEFAULT NULL, INDEX \`idx_abuse_reports_case\` (\`case_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`abuse_reports\``);
    await queryRunner.query(`DROP TABLE \`abuse_case_events\``);
    await queryRunner.query(`DROP TABLE \`abuse_cases\``);
  }
}
