import { createHash } from "node:crypto";

/** A strong ETag from the exact JSON a client receives: any change to the row changes it. */
export function etagOf(body: unknown): string {
  const digest = createHash("sha256").update(JSON.stringify(body)).digest("base64url").slice(0, 27);
  return `"${digest}"`;
}

/**
 * True when an `If-None-Match` header matches `etag` (RFC 9110 weak comparison, as GET requires):
 * `*`, or any listed tag equal to it with or without `W/`.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === opaque);
}
