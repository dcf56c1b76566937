/** A failure the CLI reports as one clear message and a non-zero exit code (never a stack trace). */
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
  return err instanceof Error && err.name === "ConfigError" && (err as Error & { code?: unknown }).code === "CONFIG_ERR_INVALID";
}
