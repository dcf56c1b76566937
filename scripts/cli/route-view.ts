/** One route as the admin API's `GET /routes` lists it. */
export interface RouteView {
  id: string;
  group: string | null;
  methods: string[] | null;
  paths: string[];
  upstream: string;
  stage: string;
  percent: number;
  flag: string;
  requests: { monolith: number; service: number };
  /** True when the route writes tables one side owns at a time: its group moves only with `strangler cutover`. */
  writes?: boolean;
  /** True while the route's group is fenced for a write cut-over (503 + Retry-After). */
  fenced?: boolean;
  /** Read-your-writes of the route's reads (docs/read-your-writes.md); absent from older proxies. */
  readYourWrites?: { mode: "off" | "route-to-owner" | "wait"; maxWaitMs: number };
  /** The fence's lease (the instance hosting the flag store knows it; null elsewhere, or when not fenced). */
  fence?: FenceView | null;
}

/** A fence lease as the admin API shows it. */
export interface FenceView {
  holder: string;
  reason: string | null;
  fencedAt: string;
  expiresAt: string;
  ageMs: number;
}

export interface RoutesAnswer {
  defaultUpstream: string;
  flagsReady: boolean;
  routes: RouteView[];
}

export interface ReadyAnswer {
  ready: boolean;
  flags: string;
  flagSourceError?: string;
  upstreams: Record<string, "up" | "down">;
}

/** A stage as the admin API reports it. */
export interface RouteStageView {
  stage: string;
  percent: number | null;
}

/** The answer to a stage change: from what to what, when. */
export interface AppliedChange {
  routeId: string;
  from: RouteStageView;
  to: RouteStageView;
  at: string;
}
