/** Stable codes of `npm start` (scripts/stack); each has a row in docs/errors.md. */
export type StackErrorCode = "STACK_ERR_ALREADY_RUNNING" | "STACK_ERR_LEFTOVER_UNVERIFIED";

/** A refusal of `npm start`, printed as `npm start failed: <code>: <message>` with exit 1. Match on `code`. */
export class StackError extends Error {
  constructor(
    readonly code: StackErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = "StackError";
  }
}
