import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountRateLimits1795960000000 implements MigrationInterface {
  name = 'AccountRateLimits1795960000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`account_rate_limits\` (\`account_id\` varchar(36) NOT NULL, \`key_requests_per_minute\` int NULL DEFAULT NULL, \`key_tokens_per_minute\` int NULL DEFAULT NULL, \`key_concurrent_streams\` int NULL DEFAULT NULL, \`account_requests_per_minute\` int NULL DEFAULT NULL, \`account_tokens_per_minute\` int NULL DEFAULT NULL, \`account_concurrent_streams\` int NULL DEFAULT NULL, \`updated_at\` datetime NOT NULL, \`updated_by\` varchar(64) NOT NULL, PRIMARY KEY (\`account_id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`account_rate_limits\``);
  }
}
