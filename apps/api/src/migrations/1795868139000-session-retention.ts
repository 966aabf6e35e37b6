import { MigrationInterface, QueryRunner } from 'typeorm';

export class SessionRetention1795868139000 implements MigrationInterface {
  name = 'SessionRetention1795868139000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX \`idx_sessions_ended_expires\` ON \`sessions\` (\`ended_at\`, \`expires_at\`)`,
    );
    await queryRunner.query(
      `CREATE INDEX \`idx_sessions_ended_seen\` ON \`sessions\` (\`ended_at\`, \`last_seen_at\`)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`idx_sessions_ended_seen\` ON \`sessions\``);
    await queryRunner.query(`DROP INDEX \`idx_sessions_ended_expires\` ON \`sessions\``);
  }
}
