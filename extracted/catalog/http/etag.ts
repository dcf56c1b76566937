import { createHash } from "node:crypto";

/** The legacy strong ETag: SHA-256 of the exact JSON the client receives (base64url, 27 characters). */
export function etagOf(body: unknown): string {
  return `"${createHash("sha256").update(JSON.stringify(body)).digest("base64url").slice(0, 27)}"`;
}

/** RFC 9110 weak comparison for `If-None-Match`: `*`, or any listed tag equal with or without `W/`. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === opaque);
}
