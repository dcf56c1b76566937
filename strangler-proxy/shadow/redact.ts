import { REDACTED } from "../../platform";
import type { Difference } from "../diff";

/** Headers the shadow store never keeps, of either answer (and of a request, should one be stored). */
export const UNSTORED_HEADERS: ReadonlySet<string> = new Set(["set-cookie", "cookie", "authorization", "proxy-authorization"]);

/**
 * `headers` without the ones the store never keeps (names compared case-insensitively); a `Location`
 * keeps its URL with the `names` query parameters redacted, as stored paths do.
 */
export function storableHeaders(headers: Readonly<Record<string, string>>, names: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => !UNSTORED_HEADERS.has(name.toLowerCase()))
      .map(([name, value]) => [name, name.toLowerCase() === "location" ? redactQuery(value, names) : value]),
  );
}

function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, " ")).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/**
 * `path` (path + query, as the proxy received it) with the values of the query parameters named in
 * `names` (lower case) replaced by `[redacted]`; everything else is kept byte for byte.
 */
export function redactQuery(path: string, names: ReadonlySet<string>): string {
  const mark = path.indexOf("?");
  if (mark < 0 || names.size === 0) return path;
  const query = path
    .slice(mark + 1)
    .split("&")
    .map((pair) => {
      const equals = pair.indexOf("=");
      const rawName = equals < 0 ? pair : pair.slice(0, equals);
      return equals >= 0 && names.has(decodedName(rawName)) ? `${rawName}=${REDACTED}` : pair;
    })
    .join("&");
  return `${path.slice(0, mark)}?${query}`;
}

/**
 * Differences as they may be stored: the values of an unstored header (`header:set-cookie`…) replaced
 * by `[redacted]`, those of `header:location` with the `names` query parameters redacted.
 */
export function storableDifferences(differences: readonly Difference[], names: ReadonlySet<string>): Difference[] {
  const inUrl = (value: unknown) => (typeof value === "string" ? redactQuery(value, names) : value);
  return differences.map((difference) => {
    const header = /^header:(.+)$/i.exec(difference.path)?.[1]?.toLowerCase();
    if (header && UNSTORED_HEADERS.has(header)) return { path: difference.path, primary: REDACTED, candidate: REDACTED };
    if (header === "location") return { path: difference.path, primary: inUrl(difference.primary), candidate: inUrl(difference.candidate) };
    return difference;
  });
}
