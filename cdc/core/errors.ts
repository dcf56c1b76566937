/** Stable codes of the cdc library; each has a row in docs/errors.md. */
export const CDC_ERROR_CODES = Object.freeze({
  natsServerMissing: "CDC_ERR_NATS_SERVER_MISSING",
  natsServerStart: "CDC_ERR_NATS_SERVER_START",
  streamUnsafe: "CDC_ERR_STREAM_UNSAFE",
  streamReplicas: "CDC_ERR_STREAM_REPLICAS",
  invalidName: "CDC_ERR_INVALID_NAME",
  captureTable: "CDC_ERR_CAPTURE_TABLE",
  notInstalled: "CDC_ERR_NOT_INSTALLED",
  needsFileDatabase: "CDC_ERR_NEEDS_FILE_DATABASE",
  simulatedCrash: "CDC_ERR_SIMULATED_CRASH",
  unmappedTable: "CDC_ERR_UNMAPPED_TABLE",
  writeFenceMissing: "CDC_ERR_WRITE_FENCE_MISSING",
  ownership: "CDC_ERR_OWNERSHIP",
  leaseLost: "CDC_ERR_LEASE_LOST",
  repairRefused: "CDC_ERR_REPAIR_REFUSED",
  proxyRefused: "CDC_ERR_PROXY_REFUSED",
  proxyUnreachable: "CDC_ERR_PROXY_UNREACHABLE",
  discardRefused: "CDC_ERR_DISCARD_REFUSED",
  databaseLocation: "CDC_ERR_DATABASE_LOCATION",
  captureConflict: "CDC_ERR_CAPTURE_CONFLICT",
  captureNotEmpty: "CDC_ERR_CAPTURE_NOT_EMPTY",
  horizonHeld: "CDC_ERR_HORIZON_HELD",
  captureUpgrade: "CDC_ERR_CAPTURE_UPGRADE",
} as const);

export type CdcErrorCode = (typeof CDC_ERROR_CODES)[keyof typeof CDC_ERROR_CODES];

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
    super(CDC_ERROR_CODES.simulatedCrash, `simulated crash at ${point}`);
    this.name = "SimulatedCrash";
  }
}
