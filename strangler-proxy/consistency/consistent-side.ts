import { UNKNOWN_POSITION, type Watermark } from "./watermark";

export type Side = "monolith" | "service";

/** How far the service's sync status says a stream was applied (its `appliedThroughPosition`, its parked count). */
export interface AppliedView {
  through: number | null;
  parked: number;
}

export interface ConsistencyQuestion {
  /** The side the flag chose for this read. */
  side: Side;
  /** The route's two upstreams: the default one (the monolith) and the route's service. */
  monolith: string;
  service: string;
  watermark: Watermark;
  /**
   * How far the route's service says it has applied a stream (its sync status): the monolith's
   * stream into the service, and the service's own stream into the monolith (its reverse sync).
   */
  applied(stream: string): AppliedView | undefined;
}

export type ConsistencyAnswer = { fresh: true } | { fresh: false; owner: Side; upstream: string; stream: string };

/**
 * Whether the chosen side may serve this client's read (docs/read-your-writes.md): for each write
 * the client made through the route's other side, the chosen side must have applied that side's
 * stream through the watermark; a parked change, an unknown head or an unknown applied position
 * count as not applied. Writes through the chosen side itself, or through upstreams that are not
 * a side of this route, never hold a read back. Pure: no I/O, no clock.
 */
export function consistentSide(question: ConsistencyQuestion): ConsistencyAnswer {
  const served = question.side === "monolith" ? question.monolith : question.service;
  for (const [upstream, entry] of Object.entries(question.watermark)) {
    if (upstream === served || (upstream !== question.monolith && upstream !== question.service)) continue;
    const owner: Side = upstream === question.monolith ? "monolith" : "service";
    if (entry.position >= UNKNOWN_POSITION) return { fresh: false, owner, upstream, stream: entry.stream };
    const applied = question.applied(entry.stream);
    if (!applied || applied.through === null || applied.parked > 0 || applied.through < entry.position) return { fresh: false, owner, upstream, stream: entry.stream };
  }
  return { fresh: true };
}
