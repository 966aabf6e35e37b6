import { MigrationInterface, QueryRunner } from 'typeorm';

export class PrivacyRights1795950000000 implements MigrationInterface {
  name = 'PrivacyRights1795950000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`privacy_consents\` (\`account_id\` varchar(36) NOT NULL, \`kind\` varchar(32) NOT NULL, \`granted\` tinyint NOT NULL, \`policy_version\` varchar(32) NULL DEFAULT NULL, \`changed_at\` datetime NOT NULL, PRIMARY KEY (\`account_id\`, \`kind\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`privacy_consent_history\` (\`id\` varchar(36) NOT NULL, \`account_id\` varchar(36) NOT NULL, \`kind\` varchar(32) NOT NULL, \`granted\` tinyint NOT NULL, \`policy_version\` varchar(32) NULL DEFAULT NULL, \`changed_at\` datetime NOT NULL, INDEX \`idx_privacy_consent_history_account\` (\`account_id\`, \`changed_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`privacy_rights_requests\` (\`id\` varchar(36) NOT NULL, \`type\` varchar(32) NOT NULL, \`status\` varchar(16) NOT NULL, \`account_id\` varchar(36) NULL DEFAULT NULL, \`contact_email\` varchar(320) NULL DEFAULT NULL, \`source\` varchar(8) NOT NULL, \`description\` text NULL DEFAULT NULL, \`note\` text NULL DEFAULT NULL, \`received_at\` datetime NOT NULL, \`due_at\` datetime NOT NULL, \`closed_at\` datetime NULL DEFAULT NULL, INDEX \`idx_privacy_rights_requests_account\` (\`account_id\`, \`received_at\`), INDEX \`idx_privacy_rights_requests_due\` (\`due_at\`), INDEX \`idx_privacy_rights_requests_closed\` (\`closed_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`privacy_retention_audit\` (\`id\` varchar(36) NOT NULL, \`kind\` varchar(64) NOT NULL, \`rule\` varchar(200) NOT NULL, \`deleted\` int NOT NULL, \`ran_at\` datetime NOT NULL, INDEX \`idx_privacy_retention_audit_ran\` (\`ran_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`privacy_retention_audit\``);
    await queryRunner.query(`DROP TABLE \`privacy_rights_requests\``);
    await queryRunner.query(`DROP TABLE \`privacy_consent_history\``);
    await queryRunner.query(`DROP TABLE \`privacy_consents\``);
  }
}
