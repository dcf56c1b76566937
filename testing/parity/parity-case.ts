/** One request of a parity table, sent unchanged to every target. */
export interface ParityCase {
  /** Behaviour sentence shown in the test title and the report. */
  name: string;
  method: "GET" | "HEAD";
  /** Path and query, sent byte for byte. */
  path: string;
  headers?: Record<string, string>;
  /**
   * Send `If-None-Match` built from the ETag the first target answers for this path
   * (`exact`: the tag; `weak-list`: `"other", W/<tag>`), to check conditional reads.
   */
  ifNoneMatchOf?: { path: string; form: "exact" | "weak-list" };
}
