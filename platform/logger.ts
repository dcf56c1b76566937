import winston from "winston";

export type Logger = winston.Logger;

export interface LoggerOptions {
  /** Name of the deployable; every line carries it as `service`. */
  service: string;
  level?: string;
  /** When true nothing is written (tests that do not look at logs). */
  silent?: boolean;
}

/** One JSON-lines logger per deployable: every line has `service`, `level`, `message`, `timestamp`. */
export function createLogger(options: LoggerOptions): Logger {
  return winston.createLogger({
    level: options.level ?? "info",
    silent: options.silent ?? false,
    defaultMeta: { service: options.service },
    format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json()),
    transports: [new winston.transports.Console()],
  });
}
