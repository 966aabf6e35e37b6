export { AppConfig, ConfigError } from './lib/config/app-config';
export { defineConfig, provideConfig } from './lib/config/config-fragment';
export type { ConfigFragment, ConfigContext } from './lib/config/config-fragment';
export { configValues } from './lib/config/config.schema';
export { Clock, SystemClock } from './lib/clock/clock';
export { truncateIp } from './lib/ip/ip-truncation';
export { sha256Hex, randomBase62 } from './lib/crypto/hash';
export { TokenCipher, TokenDecryptionError, parseEncryptionKeys } from './lib/crypto/token-cipher';
export type { EncryptionKey } from './lib/crypto/token-cipher';
export { AppError, InvalidRequestError, NotFoundError } from './lib/errors/app-error';
export { Access, ACCESS_POLICY } from './lib/auth/access.decorator';
export type { AccessPolicy } from './lib/auth/access.decorator';
export {
  AppExceptionFilter,
  answerWithError,
  toErrorResponse,
  toGraphqlError,
} from './lib/errors/app-exception.filter';
export { GraphqlModule } from './lib/graphql/graphql.module';
export { GRAPHQL_MAX_COMPLEXITY, GRAPHQL_MAX_DEPTH, GRAPHQL_MAX_TOKENS } from './lib/graphql/graphql-options';
export { graphqlBodyParser, JSON_TYPES } from './lib/graphql/graphql-body.middleware';
export type { HttpLimits } from './lib/http/http-limits.types';
export { applyServerLimits } from './lib/http/http-server-limits.util';
export { API_HELMET_OPTIONS, HSTS_OPTIONS, securityHeaders } from './lib/http/security-headers';
export { API_ROUTES, isApiUrl } from './lib/http/api-path';
export { ServerTiming, serverTiming, serverTimingOf } from './lib/http/server-timing.middleware';
export { apiAccessLog } from './lib/logging/api-access-log.middleware';
export type { ErrorBody } from './lib/errors/app-exception.filter';
export { bigintTransformer } from './lib/database/bigint.transformer';
export { buildDataSourceOptions } from './lib/database/data-source-options';
export type { SchemaSources, EntityList } from './lib/database/data-source-options';
export { DatabaseModule } from './lib/database/database.module';
export { Database, NotASelectError, WriteInsideTransactionError } from './lib/database/database.service';
export type { DatabaseWork, ReadRepository } from './lib/database/database.service';
export { deleteInBatches } from './lib/database/batched-delete';
export type { BatchedDelete } from './lib/database/batched-delete';
export type { SelectBuilder } from './lib/database/select-builder';
export { JobQueue } from './lib/queue/job-queue';
export type { JobPayload, JobHandler, EnqueueOptions, QueueRole } from './lib/queue/job-queue';
export { JobScheduler } from './lib/queue/job-scheduler';
export { CliOutput, StreamCliOutput } from './lib/cli/cli-output';
export { buildCommandProgram } from './lib/cli/cli-program';
export type { CommandClass, CommandProgram, ParsedCommand } from './lib/cli/cli-program';
export { parseDateOption, parseChoiceOption, parseYesNoOption, optionRule } from './lib/cli/cli-options';
export { InProcessJobQueue } from './lib/queue/in-process-job-queue';
export { BullMqJobQueue } from './lib/queue/bullmq-job-queue';
export { SharedStore, MemorySharedStore, RedisSharedStore } from './lib/store/shared-store';
export type { FailOpenOptions } from './lib/store/shared-store';
export { REDIS, createRedis, watchRedis } from './lib/store/redis.provider';
export { HttpDrain } from './lib/lifecycle/http-drain.service';
export type { DrainOutcome } from './lib/lifecycle/http-drain.service';
export { stopOnSignals, STOP_SIGNALS, SHUTDOWN_HOOKS_TIMEOUT_MS } from './lib/lifecycle/shutdown-signals.util';
export type { StopOnSignalsOptions } from './lib/lifecycle/shutdown-signals.util';
export { ReadinessDetails } from './lib/http/readiness-details';
export type { ReadinessSection } from './lib/http/readiness-details';
export { PlatformModule } from './lib/platform.module';
export type { PlatformOptions } from './lib/platform.module';
export { newRequestId } from './lib/logging/logging';
