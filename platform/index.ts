/**
 * Platform: the small pieces every deployable of this project shares (logging, correlation ids,
 * the JSON error envelope, bearer-token guards, config parsing, listening and graceful shutdown,
 * SQLite options).
 * It knows nothing about the shop, the proxy or the change-data library.
 */
export { createLogger } from "./logger";
export type { Logger, LoggerOptions } from "./logger";
export { requestId, requestIdFrom, REQUEST_ID_HEADER } from "./request-id";
export { requestLog } from "./request-log";
/** One JSON call between the toolkit's own processes (CLI, keeper, proxy → service), on a connection of its own. */
export { callJson, getJson, JsonCallFailed } from "./json-call";
export type { JsonCall, JsonAnswer } from "./json-call";
/** The proxy's hot-path access log: winston's line shape, formatted directly, written once per event-loop turn. */
export { AccessLog, accessLogFor } from "./access-log";
export type { AccessLogFields, LineSink } from "./access-log";
export { HttpError } from "./http-error";
export type { ErrorBody, FieldIssue } from "./http-error";
export { errorHandler, notFoundHandler } from "./error-handler";
/**
 * The JSON error envelope's answer to a body-parser error (400 bad JSON, 413 too large, else the
 * parser's 4xx) with the caller's code, for a module that parses bodies before its own handlers.
 */
export { bodyParserError } from "./error-handler";
export { healthRoute } from "./health-route";
/**
 * SQLite refuses a read-then-write transaction at once, whatever its busy timeout, when another
 * connection holds the write lock (`SQLITE_BUSY`) or committed since its read (`SQLITE_BUSY_SNAPSHOT`);
 * `retryWhenBusy` runs such a (database-only) transaction again, for up to 5 s.
 * `driverErrorCode` reads the driver's code of any database error (also inside TypeORM's wrapper).
 */
export { driverErrorCode, isBusyWrite, retryWhenBusy } from "./busy-retry";
/**
 * The database write fence as an HTTP answer: `isWriteFencedError` recognises a write a fenced
 * table refused (message with `WRITE_FENCED_MARK`, also inside TypeORM's QueryFailedError);
 * `errorHandler` answers it 503 with `Retry-After: 1` and `NOT_COMMITTED_HEADER` when the module
 * passes its `writeFenced` code.
 */
export { WRITE_FENCED_MARK, NOT_COMMITTED_HEADER, isWriteFencedError, writeFencedAnswer } from "./write-fenced";
/**
 * Bearer tokens: `bearerToken` reads a strict `Authorization: Bearer <token>` header,
 * `tokenMatches` compares a token with the accepted ones as digests in constant time, and
 * `requireBearer` is an Express guard raising the module's own 401/403 errors.
 */
export { bearerToken, tokenMatches, requireBearer } from "./bearer-token";
export type { BearerErrors } from "./bearer-token";
export type { ErrorCodes } from "./error-handler";
/** Stable codes of the platform itself (`CONFIG_ERR_INVALID`, `PLATFORM_ERR_LISTEN`), docs/errors.md. */
export { PLATFORM_ERROR_CODES } from "./errors";
export type { PlatformErrorCode } from "./errors";
export { ConfigError, configErrorFrom, parseConfig } from "./config-error";
/**
 * The environment, read one way by every deployable (`platform/env.ts`): `readEnv(schema, env, fixes)`
 * with the one rule (an empty or blank variable counts as unset: its default applies), the field
 * helpers `envVar.port/logLevel/path/host/token/httpUrl/natsUrl/onOff` and the usual fix texts `envFix`.
 */
export { readEnv, isSet, presentVariables, envVar, envFix, LOG_LEVELS, MIN_TOKEN_LENGTH } from "./env";
export type { EnvInput, LogLevel, PortOptions } from "./env";
export { listen, baseUrlOf, ListenError } from "./listen";
export { onShutdown, closeServer } from "./shutdown";
export { sqliteOptions } from "./sqlite-options";
export { postgresOptions, isPostgresUrl, redactDatabaseUrl } from "./postgres-options";
export { databaseOptions, databaseDataSource } from "./database-options";
export { sqliteDataSource, openMigrated } from "./sqlite-database";
export type { SqliteDatabaseOptions } from "./sqlite-database";
/**
 * Logs without secrets: `safeError(err)` is the log form of any error (name, message, code, SQL text,
 * stack; a failed query's parameter values replaced by their count and scrubbed from the message),
 * `safeErrorMessage(err)` its one-line form. `createLogger` applies it to every Error in a line.
 */
export { safeError, safeErrorMessage, REDACTED } from "./safe-error";
export type { SafeError } from "./safe-error";
/** Loopback by address: 127.0.0.0/8, ::1, ::ffff:127.x and the literal name `localhost`; any other name is not. */
export { isLoopbackHost } from "./loopback";
/**
 * Files under the data folder readable by their owner only: `restrictFileModes()` (umask 077, first
 * line of every deployable's main), `makePrivateDir` (0700), `writePrivateFile` (0600),
 * `makeFilesPrivate` (chmod 0600 what exists), `privateSqliteFiles` (a database and its -wal/-shm).
 */
export { restrictFileModes, makePrivateDir, writePrivateFile, makeFilesPrivate, privateSqliteFiles, readOrCreateSecretFile, PRIVATE_FILE_MODE, PRIVATE_DIR_MODE } from "./private-files";
/** A seeded pseudo-random generator (mulberry32): repeatable samples and fault runs. */
export { SeededRandom } from "./seeded-random";
/** Fault injection only: freezes the whole process where it stands, so a test's kill -9 lands exactly there (docs/faults.md). */
export { freezeProcess } from "./failpoint";
