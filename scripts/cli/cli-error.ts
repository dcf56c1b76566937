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
