// The MariaDB + Redis suites are half of the test run: if either service is missing the run
// fails here, loudly, instead of quietly testing only SQLite.
const mysql = require('mysql2/promise');
const { Redis } = require('ioredis');

const { mysqlAdminUrl, mysqlDriverUrl, redisUrl } = require('./services.js');

module.exports = async function globalSetup() {
  try {
    const conn = await mysql.createConnection({ uri: mysqlDriverUrl(), connectTimeout: 5000 });
    await conn.query('SELECT 1');
    await conn.end();
  } catch (err) {
    throw new Error(
      `MariaDB/MySQL is required by the test suite at ${mysqlAdminUrl()} (set TEST_MYSQL_URL): ${err.message}`,
    );
  }
  const redis = new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new Error(`Redis is required by the test suite at ${redisUrl()} (set TEST_REDIS_URL): ${err.message}`);
  } finally {
    redis.disconnect();
  }
};
