// Where the test suite finds MariaDB and Redis; the defaults are the local services.
module.exports = {
  mysqlAdminUrl: () => process.env.TEST_MYSQL_URL || 'mariadb://root@127.0.0.1:3306/test',
  /** The same server in the form the mysql2 driver takes. */
  mysqlDriverUrl: () =>
    (process.env.TEST_MYSQL_URL || 'mariadb://root@127.0.0.1:3306/test').replace(/^mariadb:/, 'mysql:'),
  redisUrl: () => process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379',
};
