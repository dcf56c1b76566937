/** Stable codes of `npm start` (scripts/stack); each has a row in docs/errors.md. */
export const STACK_ERROR_CODES = Object.freeze({
  alreadyRunning: "STACK_ERR_ALREADY_RUNNING",
  leftoverUnverified: "STACK_ERR_LEFTOVER_UNVERIFIED",
} as const);

export type StackErrorCode = (typeof STACK_ERROR_CODES)[keyof typeof STACK_ERROR_CODES];

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
