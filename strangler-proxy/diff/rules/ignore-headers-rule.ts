import type { DiffRule } from "../diff-rule";

/** Headers that differ between any two answers of the same server: never compared. */
export const ALWAYS_IGNORED_HEADERS = [
  "date", "etag", "last-modified", "age", "expires", "x-request-id", "x-response-time", "server", "x-powered-by",
  "content-length", "transfer-encoding", "connection", "keep-alive", "set-cookie", "vary",
] as const;

/** Drops the built-in noisy headers and those in `diff.ignoreHeaders` from both answers. */
export function ignoreHeadersRule(extra: readonly string[]): DiffRule {
  const ignored = new Set<string>([...ALWAYS_IGNORED_HEADERS, ...extra.map((name) => name.toLowerCase())]);
  return {
    name: "ignore-headers",
    prepare: (response) => ({ ...response, headers: Object.fromEntries(Object.entries(response.headers).filter(([name]) => !ignored.has(name))) }),
  };
}
