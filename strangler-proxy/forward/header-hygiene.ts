import type { ClientRequest, IncomingHttpHeaders, IncomingMessage } from "node:http";

/** Headers that describe one connection, never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "upgrade"];

/** Prefix of headers only the proxy may set; a client sending them could pose as the proxy. */
export const INTERNAL_HEADER_PREFIX = "x-strangler-";

/** What the proxy tells the upstream about the original request. */
export interface ForwardedInfo {
  clientAddress: string;
  proto: "http" | "https";
  host: string | undefined;
  requestId: string;
}

/**
 * Rewrites the outgoing request's headers: drops hop-by-hop headers (and those named in
 * `Connection`) and client-sent `x-strangler-*`, sets `x-request-id` and `X-Forwarded-For/Proto/Host`.
 * `keepUpgrade` keeps `Connection: upgrade` + `Upgrade` for websockets.
 */
export function cleanRequestHeaders(outgoing: ClientRequest, incoming: IncomingHttpHeaders, info: ForwardedInfo, keepUpgrade = false): void {
  for (const name of connectionScoped(incoming)) {
    if (keepUpgrade && (name === "connection" || name === "upgrade")) continue;
    if (incoming[name] !== undefined) outgoing.removeHeader(name);
  }
  for (const name in incoming) {
    if (name.startsWith(INTERNAL_HEADER_PREFIX)) outgoing.removeHeader(name);
  }
  outgoing.setHeader("x-request-id", info.requestId);
  const previous = incoming["x-forwarded-for"];
  outgoing.setHeader("x-forwarded-for", previous ? `${previous}, ${info.clientAddress}` : info.clientAddress);
  outgoing.setHeader("x-forwarded-proto", info.proto);
  if (info.host) outgoing.setHeader("x-forwarded-host", info.host);
}

/** Drops hop-by-hop headers from an upstream response (except `Connection`, which http-proxy sets for the client). */
export function cleanResponseHeaders(upstreamResponse: IncomingMessage): void {
  const headers = upstreamResponse.headers;
  for (const name of connectionScoped(headers)) {
    if (name === "connection" || headers[name] === undefined) continue;
    if (!(name === "upgrade" && upstreamResponse.statusCode === 101)) delete headers[name];
  }
}

function connectionScoped(headers: IncomingHttpHeaders): readonly string[] {
  const connection = headers.connection;
  // The common case ("keep-alive" or nothing) names no extra headers: no allocation.
  if (typeof connection !== "string" || !connection.includes(",") && HOP_BY_HOP.includes(connection.trim().toLowerCase())) return HOP_BY_HOP;
  const listed = connection.split(",").map((n) => n.trim().toLowerCase()).filter(Boolean);
  return [...HOP_BY_HOP, ...listed];
}
