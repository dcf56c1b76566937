import type { ForwardingConfig } from "../config/schema";
import type { NormalisedTarget } from "../routing";
import { trustedProxies } from "./trusted-proxies";

/**
 * Headers that describe one connection (RFC 9110 §7.6.1): never forwarded as they came, in either
 * direction, together with every header the `Connection` header names. `Transfer-Encoding` is framing
 * of one hop too, but its value is kept: node removes the chunked framing on the way in and applies
 * the same coding on the way out, so the upstream (or the client) reads the same header.
 */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "upgrade"]);

/** Framing and routing headers a `Connection` header may not remove (a request smuggling trick). */
const PROTECTED = new Set(["host", "content-length", "transfer-encoding"]);

/** Prefix of headers only the proxy may set; a client sending them could pose as the proxy. */
export const INTERNAL_HEADER_PREFIX = "x-strangler-";

/** The request id header the proxy keeps (when well-formed), sends upstream and returns. */
const REQUEST_ID = "x-request-id";

/** What the proxy tells the upstream about the original request. */
export interface ForwardedInfo {
  clientAddress: string;
  proto: "http" | "https";
  /** The host the client addressed: an absolute-form target's authority, else its Host header. */
  host: string | undefined;
  requestId: string;
  /** The client's HTTP version (`1.1`, `1.0`), named in Via. */
  httpVersion: string;
  /** The request target as received (forwarded as it is, bar the upstream's `hostHeader` and base path). */
  target: Pick<NormalisedTarget, "raw" | "form" | "originForm" | "authority">;
}

/** What the proxy adds to forwarded requests (`forwarding` in the route table). */
export interface ForwardingPolicy {
  /** True when the client is a trusted hop whose Forwarded / X-Forwarded-* values are kept. */
  trusts(address: string): boolean;
  forwarded: boolean;
  xForwarded: boolean;
  /** Pseudonym for Via, null for none. */
  via: string | null;
  /** The proxy's own cookie (read-your-writes), taken out of `Cookie` before forwarding; null for none. */
  ownCookie: string | null;
}

/** `ownCookie`: the name of the proxy's own cookie, which upstreams never see (read-your-writes). */
export function forwardingPolicy(config: Readonly<ForwardingConfig>, ownCookie: string | null = null): ForwardingPolicy {
  return { trusts: trustedProxies(config.trustedProxies), forwarded: config.forwarded, xForwarded: config.xForwarded, via: config.via === false ? null : config.via, ownCookie };
}

/** A Cookie value without the proxy's own cookie (`name=…` pairs), or null when nothing else is left. */
export function withoutCookie(value: string, name: string): string | null {
  if (!value.includes(name)) return value;
  const kept = value.split(";").filter((pair) => pair.split("=")[0].trim() !== name);
  if (kept.length === value.split(";").length) return value;
  const joined = kept.map((pair) => pair.trim()).join("; ");
  return joined === "" ? null : joined;
}

/** How one outgoing request's headers are built. */
export interface RequestHeaderOptions {
  /** Replaces the Host value (absolute-form target, or the upstream's `hostHeader`); added first when the client sent none. */
  host?: string;
  /** An upgrade: `Connection` and the headers it names, and `Upgrade`, pass unchanged. */
  upgrade?: boolean;
  /** The body was read and is sent with a length of its own (fallback replay, shadow copy): this replaces the client's framing. */
  bodyLength?: number;
  /** Extra headers appended last (the shadow marker). */
  extra?: readonly string[];
}

/** A request's outgoing header list, and whether it says how the body is framed. */
export interface OutgoingHeaders {
  /** Flat `[name, value, name, value…]`, in the client's order and letter case (node's rawHeaders form). */
  headers: string[];
  /** True when a Content-Length or Transfer-Encoding is in the list. */
  framed: boolean;
}

/**
 * The headers of a forwarded request, built from the client's raw headers (order, letter case and
 * repeated fields kept): hop-by-hop headers and the ones `Connection` names are dropped (for an
 * upgrade `Connection` and what it names pass unchanged), client-sent `x-strangler-*` headers are
 * dropped, everything else passes as sent (`Proxy-Authorization`, `Expect`, `Trailer`, …). Then the
 * proxy's own: `x-request-id` (kept when the client's is the id in use, else added), Forwarded and
 * X-Forwarded-For appended to a trusted hop's values (replaced otherwise), X-Forwarded-Host/-Proto
 * set unless a trusted hop set them, Via appended, and `TE: trailers` when the client offered it.
 */
export function requestHeaders(raw: readonly string[], info: ForwardedInfo, policy: ForwardingPolicy, options: RequestHeaderOptions = {}): OutgoingHeaders {
  const named = connectionOptions(raw);
  const trusted = (policy.forwarded || policy.xForwarded) && policy.trusts(info.clientAddress);
  const replacedBody = options.bodyLength !== undefined;
  const out: string[] = [];
  let framed = false;
  let hostSeen = false;
  let requestIdKept = false;
  let trailersOffered = false;
  let lastForwarded = -1;
  let lastForwardedFor = -1;
  let lastVia = -1;
  let forwardedHostSet = false;
  let forwardedProtoSet = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    const value = raw[i + 1];
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) {
      if (options.upgrade && (lower === "connection" || lower === "upgrade")) out.push(name, value);
      else if (lower === "te" && /(^|[\s,])trailers([\s,;]|$)/i.test(value)) trailersOffered = true;
      continue;
    }
    if (named !== null && named.includes(lower) && !PROTECTED.has(lower)) {
      if (options.upgrade) out.push(name, value);
      continue;
    }
    switch (lower) {
      case "host":
        if (hostSeen) continue;
        hostSeen = true;
        out.push(name, options.host ?? value);
        continue;
      case "content-length":
      case "transfer-encoding":
        if (replacedBody) continue;
        framed = true;
        out.push(name, value);
        continue;
      case REQUEST_ID:
        if (requestIdKept || value !== info.requestId) continue;
        requestIdKept = true;
        out.push(name, value);
        continue;
      case "forwarded":
        if (policy.forwarded) {
          if (!trusted) continue;
          lastForwarded = out.length;
        }
        out.push(name, value);
        continue;
      case "cookie":
        if (policy.ownCookie !== null) {
          const kept = withoutCookie(value, policy.ownCookie);
          if (kept !== null) out.push(name, kept);
          continue;
        }
        out.push(name, value);
        continue;
      case "x-forwarded-for":
        if (policy.xForwarded) {
          if (!trusted) continue;
          lastForwardedFor = out.length;
        }
        out.push(name, value);
        continue;
      case "x-forwarded-host":
      case "x-forwarded-proto":
        if (policy.xForwarded) {
          if (!trusted) continue;
          if (lower === "x-forwarded-host") forwardedHostSet = true;
          else forwardedProtoSet = true;
        }
        out.push(name, value);
        continue;
      case "via":
        if (policy.via !== null) lastVia = out.length;
        out.push(name, value);
        continue;
      default:
        if (lower.startsWith(INTERNAL_HEADER_PREFIX)) continue;
        out.push(name, value);
    }
  }
  if (!hostSeen && options.host !== undefined) out.unshift("Host", options.host);
  if (replacedBody && (options.bodyLength! > 0 || framedByClient(raw))) {
    out.push("content-length", String(options.bodyLength));
    framed = true;
  }
  if (!requestIdKept) out.push(REQUEST_ID, info.requestId);
  if (policy.forwarded) appendElement(out, lastForwarded, "forwarded", forwardedElement(info));
  if (policy.xForwarded) {
    appendElement(out, lastForwardedFor, "x-forwarded-for", info.clientAddress);
    if (!forwardedHostSet && info.host !== undefined) out.push("x-forwarded-host", info.host);
    if (!forwardedProtoSet) out.push("x-forwarded-proto", info.proto);
  }
  if (policy.via !== null) appendElement(out, lastVia, "via", `${info.httpVersion} ${policy.via}`);
  if (trailersOffered && !options.upgrade) out.push("te", "trailers", "connection", "te");
  if (options.extra) out.push(...options.extra);
  return { headers: out, framed };
}

/** Whether the client's own request said how its body is framed. */
function framedByClient(raw: readonly string[]): boolean {
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    if (lower === "content-length" || lower === "transfer-encoding") return true;
  }
  return false;
}

/** How a forwarded response's headers are built. */
export interface ResponseHeaderOptions {
  /** The client speaks HTTP/1.0: no chunked framing and so no trailers can reach it. */
  http10Client?: boolean;
  /** A 101 answer to an upgrade: `Connection` and `Upgrade` pass. */
  upgrade?: boolean;
}

/**
 * The headers of a forwarded response, from the upstream's raw headers (order, case and repeats
 * kept: every Set-Cookie): hop-by-hop headers and those `Connection` names are dropped (node sets the
 * client connection's own), everything else passes (`Proxy-Authenticate`, `Trailer`, …), and
 * `x-request-id` is added when the upstream did not answer one.
 */
export function responseHeaders(raw: readonly string[], requestId: string, options: ResponseHeaderOptions = {}): string[] {
  const named = connectionOptions(raw);
  const out: string[] = [];
  let requestIdSeen = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) {
      if (options.upgrade && (lower === "connection" || lower === "upgrade")) out.push(name, raw[i + 1]);
      continue;
    }
    if (named !== null && named.includes(lower) && !PROTECTED.has(lower) && !options.upgrade) continue;
    if (options.http10Client && (lower === "transfer-encoding" || lower === "trailer")) continue;
    if (lower === REQUEST_ID) requestIdSeen = true;
    out.push(name, raw[i + 1]);
  }
  if (!requestIdSeen) out.push(REQUEST_ID, requestId);
  return out;
}

/** True for a header that describes one connection (or is named by its `Connection` header). */
export function isHopByHop(lowerName: string, named: readonly string[] | null): boolean {
  return HOP_BY_HOP.has(lowerName) || (named !== null && named.includes(lowerName) && !PROTECTED.has(lowerName));
}

/**
 * The header names a message's `Connection` fields list (lowercase), or null when they name none
 * beyond the usual `keep-alive` / `close` (the common case: no allocation beyond the scan).
 */
export function connectionOptions(raw: readonly string[]): string[] | null {
  let named: string[] | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length !== 10 || name.toLowerCase() !== "connection") continue;
    const value = raw[i + 1].toLowerCase();
    if (value === "keep-alive" || value === "close") continue;
    for (const option of value.split(",")) {
      const trimmed = option.trim();
      if (trimmed !== "" && trimmed !== "keep-alive" && trimmed !== "close") (named ??= []).push(trimmed);
    }
  }
  return named;
}

function appendElement(out: string[], at: number, name: string, element: string): void {
  if (at >= 0) out[at + 1] = `${out[at + 1]}, ${element}`;
  else out.push(name, element);
}

/** One RFC 7239 element: `for=…;host=…;proto=…`, IPv6 nodes quoted and bracketed, values quoted when not tokens. */
export function forwardedElement(info: Pick<ForwardedInfo, "clientAddress" | "host" | "proto">): string {
  const address = info.clientAddress.startsWith("::ffff:") && info.clientAddress.includes(".") ? info.clientAddress.slice(7) : info.clientAddress;
  const node = address === "" ? "unknown" : address.includes(":") ? `"[${address}]"` : address;
  const host = info.host === undefined ? "" : `;host=${/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(info.host) ? info.host : `"${info.host.replace(/["\\]/g, "\\$&")}"`}`;
  return `for=${node}${host};proto=${info.proto}`;
}

/** A flat raw header list (`[k, v, k, v…]`) as `[k, v]` pairs, for `addTrailers`. */
export function headerPairs(raw: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
  return pairs;
}
