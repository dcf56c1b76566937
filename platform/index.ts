/**
 * Platform: the small pieces every deployable of this project shares (logging, correlation ids,
 * the JSON error envelope, config parsing, listening and graceful shutdown, SQLite options).
 * It knows nothing about the shop, the proxy or the change-data library.
 */
export { createLogger } from "./logger";
export type { Logger, LoggerOptions } from "./logger";
export { requestId, requestIdFrom, REQUEST_ID_HEADER } from "./request-id";
export { requestLog } from "./request-log";
export { HttpError } from "./http-error";
export type { ErrorBody, FieldIssue } from "./http-error";
export { errorHandler, notFoundHandler } from "./error-handler";
export { healthRoute } from "./health-route";
export type { ErrorCodes } from "./error-handler";
export { ConfigError, configErrorFrom, parseConfig } from "./config-error";
export { listen, baseUrlOf, ListenError } from "./listen";
export { onShutdown, closeServer } from "./shutdown";
export { sqliteOptions } from "./sqlite-options";
export { sqliteDataSource, openMigrated } from "./sqlite-database";
export type { SqliteDatabaseOptions } from "./sqlite-database";
