import { Agent, ClientRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { Agent as HttpsAgent, globalAgent as httpsGlobalAgent } from "node:https";
import { requestHeaders, type ForwardedInfo, type ForwardingPolicy, type RequestHeaderOptions } from "./header-hygiene";

/** An upstream as the forwarder, the fallback replay and the shadow copy address it. */
export interface UpstreamEndpoint {
  name: string;
  secure: boolean;
  /** Host to connect to (an IPv6 address without brackets). */
  hostname: string;
  port: number;
  /** The path of the upstream's URL without its trailing slash (`""` for `/`): prefixed to origin-form targets. */
  basePath: string;
  /** `host[:port]` of the upstream's URL: its Host under `hostHeader: "upstream"`, and for requests that came without one. */
  authority: string;
  /** `preserve`, `upstream`, or a fixed Host value. */
  hostHeader: string;
  timeoutMs: number;
}

/** An upstream's configuration as far as forwarding needs it. */
export interface UpstreamTarget {
  name: string;
  url: string;
  timeoutMs: number;
  hostHeader?: string;
}

export function upstreamEndpoint(target: UpstreamTarget): UpstreamEndpoint {
  const url = new URL(target.url);
  const secure = url.protocol === "https:";
  return {
    name: target.name,
    secure,
    hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
    port: url.port === "" ? (secure ? 443 : 80) : Number(url.port),
    basePath: url.pathname.replace(/\/+$/, ""),
    authority: url.host,
    hostHeader: target.hostHeader ?? "preserve",
    timeoutMs: target.timeoutMs,
  };
}

/** A keep-alive agent for an upstream (its own pool). */
export function upstreamAgent(endpoint: UpstreamEndpoint, maxSockets: number): Agent {
  return endpoint.secure ? new HttpsAgent({ keepAlive: true, maxSockets }) : new Agent({ keepAlive: true, maxSockets });
}

/**
 * The request target sent to the upstream: the client's, byte for byte. The only changes: an upstream
 * URL with a path prefixes it (to an origin-form target), and an absolute-form target goes out in
 * origin-form when the upstream's Host is not the client's (`hostHeader` upstream or fixed) or the URL
 * has a path, so the target and the Host never disagree. `*` stays `*`.
 */
export function outgoingTarget(endpoint: UpstreamEndpoint, target: ForwardedInfo["target"]): string {
  if (target.form === "asterisk") return target.raw;
  if (target.form === "absolute" && endpoint.hostHeader === "preserve" && endpoint.basePath === "") return target.raw;
  const originForm = target.form === "absolute" ? target.originForm : target.raw;
  return endpoint.basePath === "" ? originForm : endpoint.basePath + originForm;
}

/**
 * The Host the upstream receives, when it is not the client's own header unchanged: the upstream's
 * `hostHeader` (its URL's host, or a fixed value); for `preserve`, the authority of an absolute-form
 * target (RFC 9112 §3.2.2: it replaces the Host header), and the upstream's host for a client that
 * sent none (HTTP/1.0: the proxy speaks HTTP/1.1 upstream, which requires Host).
 */
export function hostOverride(endpoint: UpstreamEndpoint, info: ForwardedInfo, clientHost: string | undefined): string | undefined {
  if (endpoint.hostHeader === "upstream") return endpoint.authority;
  if (endpoint.hostHeader !== "preserve") return endpoint.hostHeader;
  if (info.target.form === "absolute") return info.target.authority;
  return clientHost === undefined ? endpoint.authority : undefined;
}

/**
 * A ClientRequest that adds no framing header of its own. node's client adds `Transfer-Encoding:
 * chunked` to a POST (PUT, PATCH, PROPFIND…) that names no length, as it would for a body of unknown
 * size; a client request without Content-Length or Transfer-Encoding has no body, and must reach the
 * upstream exactly so. Reading the method like GET's is node's own path for "no framing".
 */
class UnframedRequest extends ClientRequest {
  _storeHeader(firstLine: string, headers: unknown): void {
    this.useChunkedEncodingByDefault = false;
    (ClientRequest.prototype as unknown as { _storeHeader(this: ClientRequest, line: string, h: unknown): void })._storeHeader.call(this, firstLine, headers);
  }
}


/** One request to an upstream: the client's method and target, the built header list, on `agent` (false: a connection of its own). */
export function sendToUpstream(
  endpoint: UpstreamEndpoint,
  req: Pick<IncomingMessage, "method" | "rawHeaders">,
  info: ForwardedInfo,
  policy: ForwardingPolicy,
  agent: Agent | false,
  options: RequestHeaderOptions = {},
): ClientRequest {
  const clientHost = hostHeaderOf(req.rawHeaders);
  const { headers, framed } = requestHeaders(req.rawHeaders, info, policy, { ...options, host: hostOverride(endpoint, info, clientHost) });
  const requestOptions: RequestOptions = {
    host: endpoint.hostname,
    port: endpoint.port,
    method: req.method,
    path: outgoingTarget(endpoint, info.target),
    headers: headers as unknown as RequestOptions["headers"],
    setHost: false,
    agent,
  };
  if (endpoint.secure) {
    requestOptions.protocol = "https:";
    // A connection of its own (agent false) is made by the default agent's kind: https here.
    if (agent === false) (requestOptions as RequestOptions & { _defaultAgent?: Agent })._defaultAgent = httpsGlobalAgent;
  }
  return framed ? new ClientRequest(requestOptions) : new UnframedRequest(requestOptions);
}

/** The client's first Host header, or undefined. */
export function hostHeaderOf(raw: readonly string[]): string | undefined {
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].length === 4 && raw[i].toLowerCase() === "host") return raw[i + 1];
  }
  return undefined;
}
