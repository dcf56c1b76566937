import type { Agent, ClientRequest, IncomingMessage, InformationEvent, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "../../platform";
import { ProxyErrorCode } from "../errors";
import { hasBody } from "./body-capture";
import { connectionOptions, forwardingPolicy, headerPairs, isHopByHop, responseHeaders, type ForwardedInfo, type ForwardingPolicy } from "./header-hygiene";
import { answerSocket } from "./json-answer";
import { sendToUpstream, upstreamAgent, upstreamEndpoint, type UpstreamEndpoint, type UpstreamTarget } from "./outgoing";
import { answerFailure, markTimedOut, upstreamFailure } from "./upstream-errors";

/**
 * Observes one forwarded request: `onRequest` when the upstream request is created (the client's body
 * is piped into it in the same tick), `onResponse` when the upstream's answer arrives (piped to the
 * client in the same tick). A listener added there sees every chunk without delaying or re-buffering.
 */
export interface ForwardTap {
  onRequest?(upstreamRequest: ClientRequest): void;
  onResponse?(upstreamResponse: IncomingMessage): void;
}

/** What the rest of the proxy learns from forwarding (breakers, fallback); never throws into the forwarder. */
export interface ForwardHooks {
  /** The upstream answered (status line and headers received). */
  response?(upstream: string, req: IncomingMessage, status: number, headers: IncomingMessage["headers"]): void;
  /**
   * The upstream's answer arrived (status line and headers); return true when the hook answers the
   * client itself instead (the answer is then drained, not streamed to the client).
   */
  takeOver?(upstream: string, req: IncomingMessage, res: ServerResponse, upstreamResponse: IncomingMessage, info: ForwardedInfo): boolean;
  /**
   * The upstream's answer arrived: header fields to append to it, or undefined to relay it at once.
   * The answer waits for the promise (read-your-writes adds its watermark cookie after a write).
   */
  amendAnswer?(upstream: string, req: IncomingMessage): Promise<readonly string[]> | undefined;
  /** The upstream failed before answering; return true when the hook answered the client itself. */
  failure?(upstream: string, req: IncomingMessage, res: ServerResponse, err: NodeJS.ErrnoException, info: ForwardedInfo): boolean;
}

/** Sends requests (bodies streamed both ways) and upgrades to a named upstream. */
export interface Forwarder {
  web(req: IncomingMessage, res: ServerResponse, upstream: string, info: ForwardedInfo): void;
  /**
   * Observes a request already handed to `web`. Safe right after `web` returns: the forwarder calls the
   * tap only from the next tick on, never in the tick `web` was called in.
   */
  tap(req: IncomingMessage, tap: ForwardTap): void;
  /** Sends `req` again, with `body`, to `upstream` (the fallback path; the original request stream is spent). */
  replay(req: IncomingMessage, res: ServerResponse, upstream: string, body: Buffer, info: ForwardedInfo): void;
  /** Forwards an upgrade (websocket, h2c, any token): a 101 joins the two connections; any other answer is relayed and the connection closed. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, upstream: string, info: ForwardedInfo): void;
  /** Closes idle upstream connections. */
  close(): void;
}

const NO_EXTRA: readonly string[] = [];
const TIMEOUT = () => Object.assign(new Error("upstream did not answer in time"), { code: "ETIMEDOUT" });
const isHttp10 = (req: IncomingMessage) => req.httpVersionMajor < 1 || (req.httpVersionMajor === 1 && req.httpVersionMinor === 0);

interface Upstream {
  endpoint: UpstreamEndpoint;
  agent: Agent;
}

/**
 * Forwarding on node:http, one keep-alive agent per upstream. Byte-transparent: the request target,
 * the header fields (order, letter case, repeats) and the bodies go through as they came, bar the
 * documented hop-by-hop and forwarding headers (header-hygiene.ts); 1xx answers (100 Continue,
 * 103 Early Hints) and trailers are relayed both ways. Upstream refusals and timeouts are answered
 * 502/504 with the JSON envelope, never left hanging.
 */
export function createForwarder(targets: readonly UpstreamTarget[], logger: Logger, hooks: ForwardHooks = {}, policy: ForwardingPolicy = defaultPolicy()): Forwarder {
  const taps = new WeakMap<IncomingMessage, ForwardTap[]>();
  const upstreams = new Map<string, Upstream>();
  for (const target of targets) {
    const endpoint = upstreamEndpoint(target);
    upstreams.set(target.name, { endpoint, agent: upstreamAgent(endpoint, 512) });
  }
  const upstreamOf = (name: string): Upstream => {
    const upstream = upstreams.get(name);
    if (!upstream) throw new Error(`unknown upstream ${name}`);
    return upstream;
  };

  /** Relays the upstream's answer (or failure) of `out` to the client. `replay`: the fallback's second try (no hooks, no taps). */
  function relay(req: IncomingMessage, res: ServerResponse, out: ClientRequest, endpoint: UpstreamEndpoint, info: ForwardedInfo, replay: boolean): void {
    let answered = false;
    let failed = false;
    let clientGone = false;
    out.setTimeout(endpoint.timeoutMs, () => {
      markTimedOut(req);
      out.destroy(TIMEOUT());
    });
    out.on("information", (informational: InformationEvent) => relayInformational(req, res, informational));
    /** Relays the answer to the client, with `extra` header fields appended (an amendment's). */
    const deliver = (upstreamResponse: IncomingMessage, extra: readonly string[]): void => {
      if (!replay) {
        if (hooks.takeOver?.(endpoint.name, req, res, upstreamResponse, info)) {
          upstreamResponse.resume();
          return;
        }
        const list = taps.get(req);
        if (list) for (const tap of list) tap.onResponse?.(upstreamResponse);
      }
      if (clientGone || res.destroyed) {
        upstreamResponse.resume();
        return;
      }
      const http10 = isHttp10(req);
      try {
        res.sendDate = false;
        const headers = responseHeaders(upstreamResponse.rawHeaders, info.requestId, { http10Client: http10 });
        res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.statusMessage ?? "", extra.length > 0 ? [...headers, ...extra] : headers);
      } catch (err) {
        logger.warn("upstream answer not forwardable", { upstream: endpoint.name, code: ProxyErrorCode.upstreamUnavailable, cause: (err as Error).message, requestId: info.requestId });
        answerFailure(res, { status: 502, code: ProxyErrorCode.upstreamUnavailable, message: `Upstream "${endpoint.name}" sent an answer that cannot be forwarded` }, info.requestId);
        upstreamResponse.resume();
        return;
      }
      upstreamResponse.pipe(res, { end: false });
      upstreamResponse.once("end", () => {
        const trailers = upstreamResponse.rawTrailers;
        if (trailers.length > 0 && !http10) {
          try {
            res.addTrailers(headerPairs(trailers));
          } catch {
            // A trailer node cannot write (invalid name): the body is still whole.
          }
        }
        res.end();
      });
      // Cut off mid-answer (the upstream reset): the client's connection is closed, never left waiting.
      upstreamResponse.once("close", () => {
        if (!upstreamResponse.complete) res.destroy();
      });
    };
    out.on("response", (upstreamResponse: IncomingMessage) => {
      answered = true;
      if (!replay) hooks.response?.(endpoint.name, req, upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
      const amendment = hooks.amendAnswer?.(endpoint.name, req);
      if (!amendment) {
        deliver(upstreamResponse, NO_EXTRA);
        return;
      }
      // The answer waits (paused) for its amendment; cut off meanwhile, the client's connection is closed.
      let cut = false;
      const onClose = () => {
        if (!upstreamResponse.complete) cut = true;
      };
      upstreamResponse.once("close", onClose);
      amendment
        .catch(() => NO_EXTRA)
        .then((extra) => {
          upstreamResponse.off("close", onClose);
          if (cut) res.destroy();
          else deliver(upstreamResponse, extra);
        });
    });
    out.on("error", (err: NodeJS.ErrnoException) => {
      if (failed || clientGone) return;
      failed = true;
      if (answered) {
        res.destroy();
        return;
      }
      if (!replay && hooks.failure?.(endpoint.name, req, res, err, info)) return;
      const failure = upstreamFailure(req, endpoint.name, err);
      logger.warn("upstream failed", { upstream: endpoint.name, code: failure.code, cause: err.code ?? err.message, requestId: info.requestId, ...(replay ? { replay: true } : {}) });
      answerFailure(res, failure, info.requestId);
    });
    // The client went away before its answer was complete: nobody is waiting for the upstream any more.
    res.once("close", () => {
      if (res.writableFinished) return;
      clientGone = true;
      out.destroy();
    });
  }

  return {
    web(req, res, upstream, info) {
      const { endpoint, agent } = upstreamOf(upstream);
      let out: ClientRequest;
      try {
        out = sendToUpstream(endpoint, req, info, policy, agent);
      } catch (err) {
        logger.warn("upstream request not sendable", { upstream, code: ProxyErrorCode.upstreamUnavailable, cause: (err as Error).message, requestId: info.requestId });
        answerFailure(res, { status: 502, code: ProxyErrorCode.upstreamUnavailable, message: `Upstream "${upstream}" cannot be sent this request` }, info.requestId);
        return;
      }
      relay(req, res, out, endpoint, info, false);
      // Taps registered right after `web` returns see the body from its first chunk.
      process.nextTick(() => {
        const list = taps.get(req);
        if (list) for (const tap of list) tap.onRequest?.(out);
        pipeBody(req, out);
      });
    },
    tap(req, tap) {
      const list = taps.get(req);
      if (list) list.push(tap);
      else taps.set(req, [tap]);
    },
    replay(req, res, upstream, body, info) {
      const { endpoint, agent } = upstreamOf(upstream);
      // The failed try may have let 100 Continue go unanswered; the body is read already.
      const out = sendToUpstream(endpoint, req, info, policy, agent, { bodyLength: body.length });
      relay(req, res, out, endpoint, info, true);
      out.end(body);
    },
    upgrade(req, socket, head, upstream, info) {
      forwardUpgrade(upstreamOf(upstream).endpoint, req, socket, head, info, policy, logger);
    },
    close() {
      for (const { agent } of upstreams.values()) agent.destroy();
    },
  };
}

function defaultPolicy(): ForwardingPolicy {
  return forwardingPolicy({ trustedProxies: [], forwarded: true, xForwarded: true, via: "strangler" });
}

/** Streams the client's body into the upstream request, then its trailers; a client that aborts aborts it. */
function pipeBody(req: IncomingMessage, out: ClientRequest): void {
  if (!hasBody(req.headers)) {
    out.end();
    return;
  }
  req.pipe(out, { end: false });
  req.once("end", () => {
    if (out.destroyed) return;
    if (req.rawTrailers.length > 0) {
      try {
        out.addTrailers(headerPairs(req.rawTrailers));
      } catch {
        // A trailer node cannot write: the body is still whole.
      }
    }
    out.end();
  });
  req.once("close", () => {
    if (!req.complete) out.destroy();
  });
}

/**
 * Relays a 1xx answer (100 Continue, 102, 103 Early Hints) with its header fields as they came, to an
 * HTTP/1.1 client whose final answer has not started (RFC 9110 §15.2: never to an HTTP/1.0 client).
 */
function relayInformational(req: IncomingMessage, res: ServerResponse, informational: InformationEvent): void {
  if (res.headersSent || res.destroyed || isHttp10(req) || informational.statusCode === 101) return;
  let head = `HTTP/1.1 ${informational.statusCode} ${informational.statusMessage}\r\n`;
  const fields = informational.rawHeaders;
  const named = connectionOptions(fields);
  for (let i = 0; i < fields.length; i += 2) {
    if (!isHopByHop(fields[i].toLowerCase(), named)) head += `${fields[i]}: ${fields[i + 1]}\r\n`;
  }
  const raw = res as unknown as { _writeRaw?: (data: string, encoding: BufferEncoding) => boolean; _sent100?: boolean };
  if (typeof raw._writeRaw === "function") {
    raw._writeRaw(`${head}\r\n`, "latin1");
    // node's own writeContinue() marks this, so the connection stays alive after the final answer.
    if (informational.statusCode === 100) raw._sent100 = true;
  } else if (informational.statusCode === 100) res.writeContinue();
  else if (informational.statusCode === 102) res.writeProcessing();
}

/**
 * Forwards an upgrade request (any `Upgrade` token) on a connection of its own. A 101 answer joins the
 * two connections byte for byte; any other answer is relayed whole (re-chunked when it was chunked)
 * and the client's connection closed, since it left HTTP parsing when it asked to upgrade. A body
 * announced with Content-Length is forwarded; a chunked one is refused (501).
 */
function forwardUpgrade(endpoint: UpstreamEndpoint, req: IncomingMessage, socket: Duplex, head: Buffer, info: ForwardedInfo, policy: ForwardingPolicy, logger: Logger): void {
  if (req.headers["transfer-encoding"] !== undefined) {
    logger.warn("request refused", { code: ProxyErrorCode.unsupported, status: 501, reason: "upgrade request with a chunked body", requestId: info.requestId });
    answerSocket(socket, 501, ProxyErrorCode.unsupported, "An upgrade request with a chunked body is not forwarded; send its length (Content-Length)", info.requestId);
    return;
  }
  let out: ClientRequest;
  try {
    out = sendToUpstream(endpoint, req, info, policy, false, { upgrade: true });
  } catch (err) {
    answerSocket(socket, 502, ProxyErrorCode.upstreamUnavailable, `Upstream "${endpoint.name}" cannot be sent this request (${(err as Error).message})`, info.requestId);
    return;
  }
  let settled = false;
  let leftover: Buffer = Buffer.alloc(0);
  out.setTimeout(endpoint.timeoutMs, () => {
    markTimedOut(req);
    out.destroy(TIMEOUT());
  });
  socket.once("close", () => {
    if (!settled) out.destroy();
  });
  out.on("information", (informational: InformationEvent) => {
    let text = `HTTP/1.1 ${informational.statusCode} ${informational.statusMessage}\r\n`;
    for (let i = 0; i < informational.rawHeaders.length; i += 2) text += `${informational.rawHeaders[i]}: ${informational.rawHeaders[i + 1]}\r\n`;
    socket.write(`${text}\r\n`, "latin1");
  });
  out.on("upgrade", (answer: IncomingMessage, upstreamSocket: Duplex, upstreamHead: Buffer) => {
    settled = true;
    let text = `HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}\r\n`;
    const headers = responseHeaders(answer.rawHeaders, info.requestId, { upgrade: true });
    for (let i = 0; i < headers.length; i += 2) text += `${headers[i]}: ${headers[i + 1]}\r\n`;
    socket.write(`${text}\r\n`, "latin1");
    if (upstreamHead.length > 0) socket.write(upstreamHead);
    if (leftover.length > 0) upstreamSocket.write(leftover);
    for (const side of [socket, upstreamSocket] as Array<Duplex & { setTimeout?: (ms: number) => void; setNoDelay?: (on: boolean) => void }>) {
      side.setTimeout?.(0);
      side.setNoDelay?.(true);
    }
    upstreamSocket.on("error", () => socket.destroy());
    socket.on("error", () => upstreamSocket.destroy());
    upstreamSocket.once("close", () => socket.destroy());
    socket.once("close", () => upstreamSocket.destroy());
    upstreamSocket.pipe(socket);
    socket.pipe(upstreamSocket);
  });
  out.on("response", (answer: IncomingMessage) => {
    settled = true;
    const headers = responseHeaders(answer.rawHeaders, info.requestId, {});
    let text = `HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}\r\n`;
    let chunked = false;
    for (let i = 0; i < headers.length; i += 2) {
      text += `${headers[i]}: ${headers[i + 1]}\r\n`;
      if (headers[i].toLowerCase() === "transfer-encoding" && /chunked/i.test(headers[i + 1])) chunked = true;
    }
    const status = answer.statusCode ?? 502;
    chunked &&= status !== 204 && status !== 304 && req.method !== "HEAD";
    socket.write(`${text}connection: close\r\n\r\n`, "latin1");
    answer.on("data", (chunk: Buffer) => {
      socket.write(chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]) : chunk);
    });
    answer.once("end", () => {
      if (chunked) {
        let trailer = "0\r\n";
        for (let i = 0; i < answer.rawTrailers.length; i += 2) trailer += `${answer.rawTrailers[i]}: ${answer.rawTrailers[i + 1]}\r\n`;
        socket.write(`${trailer}\r\n`, "latin1");
      }
      socket.end();
    });
    answer.once("close", () => {
      if (!answer.complete) socket.destroy();
    });
  });
  out.on("error", (err: NodeJS.ErrnoException) => {
    if (settled) return;
    settled = true;
    const failure = upstreamFailure(req, endpoint.name, err);
    logger.warn("upstream failed", { upstream: endpoint.name, code: failure.code, cause: err.code ?? err.message, requestId: info.requestId, upgrade: true });
    answerSocket(socket, failure.status, failure.code, failure.message, info.requestId);
  });

  const length = Number(req.headers["content-length"] ?? 0);
  let remaining = Number.isFinite(length) && length > 0 ? length : 0;
  const take = (chunk: Buffer): Buffer => {
    const part = chunk.subarray(0, remaining);
    remaining -= part.length;
    if (part.length > 0) out.write(part);
    return chunk.subarray(part.length);
  };
  leftover = take(head);
  if (remaining === 0) {
    out.end();
    return;
  }
  const onData = (chunk: Buffer) => {
    const rest = take(chunk);
    if (remaining > 0) return;
    socket.off("data", onData);
    socket.pause();
    if (rest.length > 0) leftover = Buffer.concat([leftover, rest]);
    out.end();
  };
  socket.on("data", onData);
}
