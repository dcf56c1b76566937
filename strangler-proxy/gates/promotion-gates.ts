import type { GatesConfig, UpstreamConfig } from "../config/schema";
import type { RouteShadowStats } from "../shadow";
import { matchRateOf, samplesOf } from "../shadow";
import { evaluateGate, type GateVerdict, type StageTarget } from "./evaluate-gate";
import { readSyncLag } from "./read-sync-lag";

/** Evaluates a route's gate from its live shadow stats and its service's sync status. */
export class PromotionGates {
  private readonly upstreams: Map<string, Readonly<UpstreamConfig>>;

  constructor(
    upstreams: readonly UpstreamConfig[],
    private readonly config: Readonly<GatesConfig>,
    private readonly statsOf: (routeId: string) => RouteShadowStats | undefined,
  ) {
    this.upstreams = new Map(upstreams.map((u) => [u.name, u]));
  }

  /** Whether failing moves are refused (else the gate is only reported). */
  get enforced(): boolean {
    return this.config.enforce;
  }

  async check(routeId: string, upstream: string, from: StageTarget, to: StageTarget): Promise<GateVerdict> {
    const stats = this.statsOf(routeId) ?? { matched: 0, mismatched: 0, errored: 0 };
    const target = this.upstreams.get(upstream);
    const lag = target ? await readSyncLag(target) : { applicable: false as const, detail: `unknown upstream "${upstream}"` };
    return evaluateGate(from, to, { samples: samplesOf(stats), matchRate: matchRateOf(stats) }, lag, this.config);
  }
}
