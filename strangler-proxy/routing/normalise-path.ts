/**
 * Request targets: what the proxy matches on, never what it forwards. The upstream receives the
 * target exactly as the client sent it (docs/proxy.md, "Transparency"); this module only builds the
 * normalised copy that routing reads, and refuses the few targets no reading makes safe.
 */

/** The three request-target forms a proxy can route (RFC 9112 §3.2; authority-form is CONNECT's). */
export type TargetForm = "origin" | "absolute" | "asterisk";

/** A request target the proxy can route. */
export interface NormalisedTarget {
  ok: true;
  form: TargetForm;
  /** The target exactly as received (what the upstream is sent, byte for byte). */
  raw: string;
  /** The path and query as sent, without scheme and authority (`raw` itself for origin-form, `*` for asterisk-form). */
  originForm: string;
  /** Absolute-form only: the scheme (lowercase) and the authority as sent (`shop.example:8080`). */
  scheme?: string;
  authority?: string;
  /**
   * The normalised path, for logs and records: percent-decoded once, dot segments resolved, repeated
   * slashes merged; a decoded `/` or `\` inside a segment is shown as `%2F` / `%5C`, `%` as `%25`.
   */
  path: string;
  /** The path's segments as matching reads them: decoded, dot segments resolved, no empty ones. An encoded slash stays inside its segment. */
  segments: readonly string[];
  /** True when a segment holds a decoded `/` or `\` (from `%2F` / `%5C`). */
  encodedSlash: boolean;
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

export interface NormaliseOptions {
  /** Longer targets are refused with 414. */
  maxBytes: number;
  /** `strictPaths`: also refuse what different servers read differently (see `strictProblem`). */
  strict?: boolean;
}

const utf8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
const ABSOLUTE_FORM = /^(https?):\/\/([^/?#]*)(.*)$/is;
const AUTHORITY = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]+)(:[0-9]*)?$/;

const reject = (reason: string, status: 400 | 414 = 400): RejectedTarget => ({ ok: false, status, reason });

/**
 * Parses a raw request target (`req.url`, as node received it) into the copy routing matches on.
 * Accepts origin-form (`/path?q`), absolute-form (`http://host/path?q`, routed by its path) and `*`.
 *
 * Always refused (400): another form; a raw `#`, control character, space or non-ASCII byte; a
 * malformed `%` escape; an encoded control character or NUL; dot segments above the root. With
 * `strict`, also what servers read differently (`strictProblem`). Longer than `maxBytes`: 414.
 *
 * Matching view: each segment is percent-decoded once (bytes that are not UTF-8 stay opaque data),
 * `.` and `..` (also `%2e`) are resolved, empty segments dropped. An encoded `/` or `\` never splits
 * a segment here (route tables choose with `encodedSlashes`; `decodedSlashSegments` splits them).
 */
export function normaliseTarget(rawTarget: string, options: NormaliseOptions): NormaliseResult {
  if (rawTarget.length > options.maxBytes) return reject(`request target longer than ${options.maxBytes} bytes`, 414);
  if (rawTarget === "*") return { ok: true, form: "asterisk", raw: rawTarget, originForm: "*", path: "*", segments: [], encodedSlash: false, query: "" };
  let form: TargetForm = "origin";
  let originForm = rawTarget;
  let scheme: string | undefined;
  let authority: string | undefined;
  if (rawTarget.charCodeAt(0) !== 0x2f) {
    const absolute = ABSOLUTE_FORM.exec(rawTarget);
    if (!absolute) return reject("request target must be an absolute path (/…), an absolute URL (http://host/…) or * (OPTIONS)");
    authority = absolute[2];
    if (!AUTHORITY.test(authority)) return reject("absolute-form target needs a valid host[:port] (no user info)");
    scheme = absolute[1].toLowerCase();
    form = "absolute";
    const rest = absolute[3];
    originForm = rest === "" ? "/" : rest.charCodeAt(0) === 0x3f ? `/${rest}` : rest;
  }
  const strict = options.strict === true;
  let queryAt = -1;
  for (let i = 0; i < originForm.length; i++) {
    const code = originForm.charCodeAt(i);
    if (code <= 0x20 || code >= 0x7f) return reject("request target contains a raw control, space or non-ASCII character");
    if (code === 0x23) return reject("request target contains a fragment (#)");
    if (queryAt === -1) {
      if (code === 0x3f) queryAt = i;
      else if (code === 0x5c && strict) return reject("request target contains a backslash (strictPaths)");
    }
  }
  const rawPath = queryAt === -1 ? originForm : originForm.slice(0, queryAt);
  const query = queryAt === -1 ? "" : originForm.slice(queryAt);

  const segments: string[] = [];
  let encodedSlash = false;
  let lastWasDot = false;
  let start = 1;
  const end = rawPath.length;
  while (start <= end) {
    let stop = rawPath.indexOf("/", start);
    if (stop === -1) stop = end;
    const rawSegment = rawPath.slice(start, stop);
    const last = stop === end;
    start = stop + 1;
    if (rawSegment === "") {
      if (strict && !last) return reject("empty path segment (//) (strictPaths)");
      continue;
    }
    let segment = rawSegment;
    if (rawSegment.includes("%")) {
      const decoded = decodeSegment(rawSegment, strict);
      if (typeof decoded !== "string") return decoded;
      segment = decoded;
      if (segment.includes("/") || segment.includes("\\")) {
        encodedSlash = true;
        if (strict && segment.split(/[/\\]/).some((piece) => piece === "" || piece === "." || piece === ".." || /^\.\.?;/.test(piece))) {
          return reject("encoded slash or backslash next to a dot or empty segment (strictPaths)");
        }
      }
    }
    lastWasDot = segment === "." || segment === "..";
    if (lastWasDot) {
      if (strict) return reject("dot segment (strictPaths)");
      if (segment === "..") {
        if (segments.length === 0) return reject("dot segments climb above the root");
        segments.pop();
      }
      continue;
    }
    if (strict && segment.charCodeAt(0) === 0x2e && /^\.\.?;/.test(segment)) return reject("dot segment with a ;parameter (strictPaths)");
    segments.push(segment);
  }
  const trailingSlash = rawPath.length > 1 && rawPath.charCodeAt(rawPath.length - 1) === 0x2f;
  const suffix = (trailingSlash || lastWasDot) && segments.length > 0 ? "/" : "";
  const path = `/${(encodedSlash || rawPath.includes("%") ? segments.map(displaySegment) : segments).join("/")}${suffix}`;
  return { ok: true, form, raw: rawTarget, originForm, scheme, authority, path, segments, encodedSlash, query };
}

/**
 * The segments with every decoded `/` and `\` as a separator, dot segments resolved again: how an
 * upstream that decodes them before routing reads the path (`encodedSlashes: "decode"`). Null when
 * that reading climbs above the root.
 */
export function decodedSlashSegments(target: Pick<NormalisedTarget, "segments" | "encodedSlash">): readonly string[] | null {
  if (!target.encodedSlash) return target.segments;
  const out: string[] = [];
  for (const segment of target.segments) {
    for (const piece of segment.split(/[/\\]/)) {
      if (piece === "" || piece === ".") continue;
      if (piece === "..") {
        if (out.length === 0) return null;
        out.pop();
      } else out.push(piece);
    }
  }
  return out;
}

/** Percent-decodes one segment (refusing malformed escapes and control characters); non-UTF-8 bytes stay opaque. */
function decodeSegment(raw: string, strict: boolean): string | RejectedTarget {
  const bytes: number[] = [];
  let high = false;
  for (let i = 0; i < raw.length; i++) {
    const char = raw.charCodeAt(i);
    if (char !== 0x25) {
      bytes.push(char);
      continue;
    }
    const byte = hexByte(raw, i + 1);
    if (byte < 0) return reject("malformed percent-encoding");
    if (byte < 0x20 || byte === 0x7f) return reject("encoded control character in the path");
    if (strict && byte === 0x25 && hexByte(raw, i + 3) >= 0) return reject("double percent-encoding (%25XX) (strictPaths)");
    if (byte >= 0x80) high = true;
    bytes.push(byte);
    i += 2;
  }
  if (!high) return String.fromCharCode(...bytes);
  if (strict && hasOverlongUtf8(bytes)) return reject("overlong or surrogate UTF-8 sequence (strictPaths)");
  return utf8.decode(Uint8Array.from(bytes));
}

function hexByte(text: string, at: number): number {
  if (at + 2 > text.length) return -1;
  const high = hexDigit(text.charCodeAt(at));
  const low = hexDigit(text.charCodeAt(at + 1));
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/**
 * Byte sequences lenient UTF-8 decoders read as other characters: overlong forms (`C0 AE` for `.`,
 * `E0 80 AF` for `/`) and encoded UTF-16 surrogates (`ED A0 80`).
 */
function hasOverlongUtf8(bytes: readonly number[]): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    const next = bytes[i + 1] ?? 0;
    if (byte === 0xc0 || byte === 0xc1) return true;
    if (byte === 0xe0 && next >= 0x80 && next <= 0x9f) return true;
    if (byte === 0xf0 && next >= 0x80 && next <= 0x8f) return true;
    if (byte === 0xed && next >= 0xa0 && next <= 0xbf) return true;
  }
  return false;
}

function displaySegment(segment: string): string {
  return segment.replace(/[%/\\]/g, (char) => (char === "%" ? "%25" : char === "/" ? "%2F" : "%5C"));
}
