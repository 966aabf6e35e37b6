// Where the test suite finds MariaDB and Redis; the defaults are the local services.
module.exports = {
  mysqlAdminUrl: () => process.env.TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306/test',
  redisUrl: () => process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379',
};
