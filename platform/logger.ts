import winston from "winston";
import { redactLogFields } from "./safe-error";

export type Logger = winston.Logger;

export interface LoggerOptions {
  /** Name of the deployable; every line carries it as `service`. */
  service: string;
  level?: string;
  /** When true nothing is written (tests that do not look at logs). */
  silent?: boolean;
}

/** Runs `redactLogFields` on every line: Error values become `safeError`s, query parameters a count. */
const redactErrors = winston.format((info) => redactLogFields(info as unknown as Record<string, unknown>) as unknown as winston.Logform.TransformableInfo);

/**
 * One JSON-lines logger per deployable: every line has `service`, `level`, `message`, `timestamp`.
 * No line carries a failed query's parameter values (see `safeError`), however the error was passed.
 */
export function createLogger(options: LoggerOptions): Logger {
  return winston.createLogger({
    level: options.level ?? "info",
    silent: options.silent ?? false,
    defaultMeta: { service: options.service },
    format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), redactErrors(), winston.format.json()),
    transports: [new winston.transports.Console()],
  });
}
