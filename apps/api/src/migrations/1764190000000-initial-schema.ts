import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764190000000 implements MigrationInterface {
  name = 'InitialSchema1764190000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`abuse_signals\` (\`id\` varchar(36) NOT NULL, \`created_at\` datetime NOT NULL, \`kind\` varchar(32) NOT NULL, \`request_id\` varchar(64) NOT NULL, \`account_id\` varchar(36) NOT NULL, \`api_key_id\` varchar(36) NOT NULL, \`model\` varchar(128) NOT NULL, \`provider\` varchar(32) NOT NULL, \`stage\` varchar(16) NOT NULL, \`upstream_code\` varchar(64) NULL, INDEX \`idx_abuse_signals_account_time\` (\`account_id\`, \`created_at\`), UNIQUE INDEX \`IDX_f473012350ab0ff225466f22ff\` (\`request_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`accounts\` (\`id\` varchar(36) NOT NULL, \`email\` varchar(320) NOT NULL, \`status\` varchar(16) NOT NULL DEFAULT 'active', \`created_at\` datetime NOT NULL, UNIQUE INDEX \`IDX_ee66de6cdc53993296d1ceb8aa\` (\`email\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`api_keys\` (\`id\` varchar(36) NOT NULL, \`account_id\` varchar(36) NOT NULL, \`name\` varchar(100) NOT NULL, \`prefix\` varchar(16) NOT NULL, \`key_hash\` varchar(64) NOT NULL, \`created_at\` datetime NOT NULL, \`last_used_at\` datetime NULL, \`revoked_at\` datetime NULL, INDEX \`idx_api_keys_account\` (\`account_id\`), UNIQUE INDEX \`IDX_57384430aa1959f4578046c9b8\` (\`key_hash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`request_logs\` (\`id\` varchar(64) NOT NULL, \`created_at\` datetime NOT NULL, \`account_id\` varchar(36) NOT NULL, \`api_key_id\` varchar(36) NOT NULL, \`model\` varchar(128) NOT NULL, \`provider\` varchar(32) NULL, \`route\` varchar(200) NULL, \`attempts\` int NOT NULL, \`stream\` tinyint NOT NULL, \`status\` int NOT NULL, \`error_code\` varchar(64) NULL, \`finish_reason\` varchar(32) NULL, \`input_tokens\` int NOT NULL, \`cached_tokens\` int NOT NULL, \`output_tokens\` int NOT NULL, \`reasoning_tokens\` int NOT NULL, \`usage_source\` varchar(16) NOT NULL, \`latency_ms\` int NOT NULL, \`ttfb_ms\` int NULL, \`client_ip\` varchar(64) NULL, \`cost_micros\` bigint NOT NULL, \`price_input_micros\` bigint NOT NULL, \`price_cached_micros\` bigint NOT NULL, \`price_output_micros\` bigint NOT NULL, \`catalog_version\` varchar(32) NOT NULL, INDEX \`idx_request_logs_time\` (\`created_at\`), INDEX \`idx_request_logs_account_time\` (\`account_id\`, \`created_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`idx_request_logs_account_time\` ON \`request_logs\``);
    await queryRunner.query(`DROP INDEX \`idx_request_logs_time\` ON \`request_logs\``);
    await queryRunner.query(`DROP TABLE \`request_logs\``);
    await queryRunner.query(`DROP INDEX \`IDX_57384430aa1959f4578046c9b8\` ON \`api_keys\``);
    await queryRunner.query(`DROP INDEX \`idx_api_keys_account\` ON \`api_keys\``);
    await queryRunner.query(`DROP TABLE \`api_keys\``);
    await queryRunner.query(`DROP INDEX \`IDX_ee66de6cdc53993296d1ceb8aa\` ON \`accounts\``);
    await queryRunner.query(`DROP TABLE \`accounts\``);
    await queryRunner.query(`DROP INDEX \`IDX_f473012350ab0ff225466f22ff\` ON \`abuse_signals\``);
    await queryRunner.query(`DROP INDEX \`idx_abuse_signals_account_time\` ON \`abuse_signals\``);
    await queryRunner.query(`DROP TABLE \`abuse_signals\``);
  }
}
