// The platform's codes module itself (no imports), not the platform barrel: the CLI must not load express or winston.
import { PLATFORM_ERROR_CODES } from "../../platform/errors";

/** Every code the CLI reports of its own (docs/errors.md, "strangler CLI"). */
export const CLI_ERROR_CODES = Object.freeze({
  adminUnreachable: "CLI_ERR_ADMIN_UNREACHABLE",
  adminRefused: "CLI_ERR_ADMIN_REFUSED",
  unknownRoute: "CLI_ERR_UNKNOWN_ROUTE",
  usage: "CLI_ERR_USAGE",
  fileExists: "CLI_ERR_FILE_EXISTS",
  unknownService: "CLI_ERR_UNKNOWN_SERVICE",
  serviceUnreachable: "CLI_ERR_SERVICE_UNREACHABLE",
  serviceRefused: "CLI_ERR_SERVICE_REFUSED",
  commandFailed: "CLI_ERR_COMMAND_FAILED",
  syncDown: "CLI_ERR_SYNC_DOWN",
  nothingParked: "CLI_ERR_NOTHING_PARKED",
  replayIncomplete: "CLI_ERR_REPLAY_INCOMPLETE",
  cutoverRefused: "CLI_ERR_CUTOVER_REFUSED",
  cutoverFailed: "CLI_ERR_CUTOVER_FAILED",
} as const);

export type CliErrorCode = (typeof CLI_ERROR_CODES)[keyof typeof CLI_ERROR_CODES];

/**
 * A failure the CLI reports as one clear message and a non-zero exit code (never a stack trace).
 * `code` is one of CLI_ERROR_CODES, or the code an admin API or service answered, passed on as it came.
 */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/**
 * True for a CliError, also one of another copy of this module: `cutover` runs its TypeScript
 * through tsx (cutover-command.ts), beside the compiled bin's own copy, so `instanceof` is not enough.
 */
export function isCliError(err: unknown): err is CliError {
  return err instanceof CliError || (err instanceof Error && err.name === "CliError" && typeof (err as CliError).exitCode === "number" && typeof (err as CliError).code === "string");
}

/** True for the platform's ConfigError (code `CONFIG_ERR_INVALID`), recognised without loading the platform. */
export function isConfigError(err: unknown): err is Error {
  return err instanceof Error && err.name === "ConfigError" && (err as Error & { code?: unknown }).code === PLATFORM_ERROR_CODES.configInvalid;
}
