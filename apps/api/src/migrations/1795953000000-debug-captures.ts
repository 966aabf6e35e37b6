import { MigrationInterface, QueryRunner } from 'typeorm';

export class DebugCaptures1795953000000 implements MigrationInterface {
  name = 'DebugCaptures1795953000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`debug_captures\` (\`id\` varchar(36) NOT NULL, \`account_id\` varchar(36) NOT NULL, \`request_id\` varchar(64) NOT NULL, \`model\` varchar(128) NOT NULL, \`key_id\` varchar(32) NOT NULL, \`created_at\` datetime NOT NULL, \`expires_at\` datetime NOT NULL, INDEX \`idx_debug_captures_account\` (\`account_id\`, \`created_at\`), INDEX \`idx_debug_captures_expires\` (\`expires_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`debug_capture_chunks\` (\`capture_id\` varchar(36) NOT NULL, \`part\` varchar(16) NOT NULL, \`seq\` int NOT NULL, \`account_id\` varchar(36) NOT NULL, \`expires_at\` datetime NOT NULL, \`sealed\` text NOT NULL, INDEX \`idx_debug_capture_chunks_account\` (\`account_id\`), INDEX \`idx_debug_capture_chunks_expires\` (\`expires_at\`), PRIMARY KEY (\`capture_id\`, \`part\`, \`seq\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`idx_debug_capture_chunks_expires\` ON \`debug_capture_chunks\``);
    await queryRunner.query(`DROP INDEX \`idx_debug_capture_chunks_account\` ON \`debug_capture_chunks\``);
    await queryRunner.query(`DROP TABLE \`debug_capture_chunks\``);
    await queryRunner.query(`DROP INDEX \`idx_debug_captures_expires\` ON \`debug_captures\``);
    await queryRunner.query(`DROP INDEX \`idx_debug_captures_account\` ON \`debug_captures\``);
    await queryRunner.query(`DROP TABLE \`debug_captures\``);
  }
}
