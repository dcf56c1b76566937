/** One request of a write parity table, sent in order to every target (each keeps its own state). */
export interface WriteParityCase {
  /** Behaviour sentence shown in the test title. */
  name: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  /** JSON body (serialised), or raw text sent as is with `content-type: application/json`. */
  body?: unknown;
  rawBody?: string;
  /** Which bearer token to send: the target's admin token (default for writes), none, or a wrong one. */
  auth?: "admin" | "none" | "wrong";
}
