/** A request target the proxy can route: the decoded path it matched on, and the same path re-encoded for the upstream. */
export interface NormalisedTarget {
  ok: true;
  /** Decoded, dot segments resolved, repeated slashes collapsed: what the route table matches. */
  path: string;
  /** `path` percent-encoded again: what the upstream receives, so it decodes exactly `path`. */
  encodedPath: string;
  /** The query string as sent, with its leading `?` (or empty). */
  query: string;
}

/** A request target the proxy refuses: ambiguous (400) or too long (414). */
export interface RejectedTarget {
  ok: false;
  status: 400 | 414;
  reason: string;
}

export type NormaliseResult = NormalisedTarget | RejectedTarget;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const HEX = /^[0-9A-Fa-f]{2}$/;
// Characters a path segment may carry unencoded (RFC 3986 pchar minus `%`).
const SEGMENT_SAFE = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]*$/;
const CHAR_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@]/;

const reject = (reason: string, status: 400 | 414 = 400): RejectedTarget => ({ ok: false, status, reason });

/**
 * Normalises a raw request target (`req.url`) so the proxy and the upstream see the same path:
 * percent-decodes once, rejects what different parsers read differently (encoded `/` or `\`,
 * backslashes, control characters, invalid or overlong UTF-8, dot segments above the root),
 * collapses repeated slashes, resolves `.` and `..`, and re-encodes for the upstream.
 */
export function normaliseTarget(rawTarget: string, maxBytes: number): NormaliseResult {
  if (rawTarget.length > maxBytes) return reject(`request target longer than ${maxBytes} bytes`, 414);
  if (!rawTarget.startsWith("/")) return reject("request target must be an absolute path");
  for (let i = 0; i < rawTarget.length; i++) {
    const code = rawTarget.charCodeAt(i);
    if (code <= 0x20 || code >= 0x7f) return reject("request target contains a raw control, space or non-ASCII character");
    if (code === 0x5c) return reject("request target contains a backslash");
    if (code === 0x23) return reject("request target contains a fragment (#)");
  }
  const queryAt = rawTarget.indexOf("?");
  const rawPath = queryAt === -1 ? rawTarget : rawTarget.slice(0, queryAt);
  const query = queryAt === -1 ? "" : rawTarget.slice(queryAt);

  const decoded = decodeOnce(rawPath);
  if (typeof decoded !== "string") return decoded;

  const segments: string[] = [];
  const parts = decoded.split("/");
  const trailingSlash = parts.length > 1 && parts[parts.length - 1] === "" && decoded !== "/";
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (segments.length === 0) return reject("dot segments climb above the root");
      segments.pop();
      continue;
    }
    segments.push(part);
  }
  const lastWasDot = /(^|\/)\.\.?$/.test(decoded) && segments.length > 0;
  const suffix = (trailingSlash || lastWasDot) && segments.length > 0 ? "/" : "";
  const path = `/${segments.join("/")}${suffix}`;
  const encodedPath = `/${segments.map(encodeSegment).join("/")}${suffix}`;
  return { ok: true, path, encodedPath, query };
}

function decodeOnce(rawPath: string): string | RejectedTarget {
  if (!rawPath.includes("%")) return rawPath;
  const bytes: number[] = [];
  for (let i = 0; i < rawPath.length; i++) {
    const char = rawPath.charCodeAt(i);
    if (char !== 0x25) {
      bytes.push(char);
      continue;
    }
    const hex = rawPath.slice(i + 1, i + 3);
    if (!HEX.test(hex)) return reject("malformed percent-encoding");
    const byte = parseInt(hex, 16);
    if (byte === 0x2f || byte === 0x5c) return reject("encoded slash or backslash in the path");
    if (byte < 0x20 || byte === 0x7f) return reject("encoded control character in the path");
    bytes.push(byte);
    i += 2;
  }
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    return reject("path is not valid UTF-8 (invalid or overlong sequence)");
  }
}

function encodeSegment(segment: string): string {
  if (SEGMENT_SAFE.test(segment)) return segment;
  let out = "";
  for (const char of segment) out += CHAR_SAFE.test(char) ? char : encodeURIComponent(char);
  return out;
}
