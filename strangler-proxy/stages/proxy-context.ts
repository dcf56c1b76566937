import type { IncomingMessage, ServerResponse } from "node:http";
import type { ForwardedInfo } from "../forward";
import type { CompiledRoute, Decision, NormalisedTarget, RequestView } from "../routing";

/** One request on its way through the pipeline; each stage fills in its part. */
export interface ProxyContext {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  startedAt: bigint;
  target?: NormalisedTarget;
  view?: RequestView;
  route?: CompiledRoute;
  decision?: Decision;
  /** What the upstream was told (set by forward; the shadow copy reuses it). */
  forwarded?: ForwardedInfo;
  /** Set when a service request went to the monolith because the service's breaker is open. */
  fellBack?: boolean;
  /** Set when a stage has answered the request itself (e.g. 400 for an ambiguous path). */
  answered: boolean;
}

/**
 * A named step of the pipeline. Stages after an answer are skipped unless `always` is set. A stage
 * that must wait (a read held for read-your-writes) returns a promise: the next stages run once it
 * settles; every other stage returns nothing and the request never leaves its tick.
 */
export interface PipelineStage {
  name: string;
  always?: boolean;
  run(ctx: ProxyContext): void | Promise<void>;
}

/** Adapts node's request to what routing reads (a class: no closures allocated per request). */
class IncomingRequestView implements RequestView {
  readonly method: string;
  readonly path: string;
  readonly segments: readonly string[];
  readonly encodedSlash: boolean;
  readonly query: string;
  readonly clientAddress: string;

  constructor(
    private readonly req: IncomingMessage,
    target: NormalisedTarget,
  ) {
    this.method = req.method ?? "GET";
    this.path = target.path;
    this.segments = target.segments;
    this.encodedSlash = target.encodedSlash;
    this.query = target.query;
    this.clientAddress = req.socket.remoteAddress ?? "";
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  }
}

/** The routing view of a node request. */
export function requestView(req: IncomingMessage, target: NormalisedTarget): RequestView {
  return new IncomingRequestView(req, target);
}
