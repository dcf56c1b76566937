/** Stable codes of the cdc library; each has a row in docs/errors.md. */
export type CdcErrorCode =
  | "CDC_ERR_NATS_SERVER_MISSING"
  | "CDC_ERR_NATS_SERVER_START"
  | "CDC_ERR_STREAM_UNSAFE"
  | "CDC_ERR_INVALID_NAME"
  | "CDC_ERR_CAPTURE_TABLE"
  | "CDC_ERR_NOT_INSTALLED"
  | "CDC_ERR_NEEDS_FILE_DATABASE"
  | "CDC_ERR_SIMULATED_CRASH"
  | "CDC_ERR_UNMAPPED_TABLE"
  | "CDC_ERR_WRITE_FENCE_MISSING"
  | "CDC_ERR_OWNERSHIP"
  | "CDC_ERR_LEASE_LOST"
  | "CDC_ERR_REPAIR_REFUSED"
  | "CDC_ERR_PROXY_REFUSED"
  | "CDC_ERR_PROXY_UNREACHABLE"
  | "CDC_ERR_DISCARD_REFUSED";

/** Base error of the cdc library. Match on `code`, never on the message. */
export class CdcError extends Error {
  constructor(
    readonly code: CdcErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "CdcError";
  }
}

/** Thrown by test hooks to stop a relay or consumer at an exact point, as a crash would. */
export class SimulatedCrash extends CdcError {
  constructor(point: string) {
    super("CDC_ERR_SIMULATED_CRASH", `simulated crash at ${point}`);
    this.name = "SimulatedCrash";
  }
}
