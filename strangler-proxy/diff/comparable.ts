import { createHash } from "node:crypto";
import type { JsonValue } from "./json-path";

/** A response as captured for comparison (body capped; `truncated` when the cap was hit). */
export interface CapturedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
}

/** A body in the form the comparison reads: parsed JSON, raw bytes, or their hash. */
export type ComparableBody =
  | { kind: "json"; value: JsonValue }
  | { kind: "bytes"; bytes: Buffer }
  | { kind: "hash"; sha256: string; size: number };

/** A response after parsing, before and after the rules prepare it. */
export interface ComparableResponse {
  status: number;
  headers: Record<string, string>;
  body: ComparableBody;
}

/** One place where the two answers differ. */
export interface Difference {
  /** `status`, `header:<name>`, `body` (non-JSON bodies) or a JSON path such as `$.items[0].price`. */
  path: string;
  primary: unknown;
  candidate: unknown;
}

/** Parses a captured response: JSON bodies (by content type, or that parse) become values, others stay bytes. */
export function toComparable(response: CapturedResponse): ComparableResponse {
  return { status: response.status, headers: { ...response.headers }, body: parseBody(response) };
}

function parseBody(response: CapturedResponse): ComparableBody {
  const type = response.headers["content-type"] ?? "";
  const encoded = (response.headers["content-encoding"] ?? "identity") !== "identity";
  if (!encoded && response.body.length > 0 && (/json/i.test(type) || type === "")) {
    try {
      return { kind: "json", value: JSON.parse(response.body.toString("utf8")) as JsonValue };
    } catch {
      // Not JSON after all: compared as bytes.
    }
  }
  return { kind: "bytes", bytes: response.body };
}

/** SHA-256 of a buffer, hex. */
export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
