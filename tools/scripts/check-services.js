// Exits 0 when MariaDB and Redis both answer, 1 otherwise (names what is missing). Used by .ci/run.
const mysql = require('mysql2/promise');
const { Redis } = require('ioredis');
const { mysqlDriverUrl, redisUrl } = require('../../apps/api/test/support/services.js');

async function mysqlUp() {
  try {
    const c = await mysql.createConnection({ uri: mysqlDriverUrl(), connectTimeout: 2000 });
    await c.query('SELECT 1');
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function redisUp() {
  const r = new Redis(redisUrl(), {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: () => null,
  });
  r.on('error', () => undefined);
  try {
    await r.connect();
    await r.ping();
    return true;
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

(async () => {
  const [m, r] = await Promise.all([mysqlUp(), redisUp()]);
  if (!m) process.stdout.write('mariadb down\n');
  if (!r) process.stdout.write('redis down\n');
  process.exit(m && r ? 0 : 1);
})();
