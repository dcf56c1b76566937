// The browser script is plain JS (no build step); loaded with require() it exports its pure helpers.
const dashboard = require("./app.js") as {
  apiPath(endpoint: { path: string }, id?: string): string;
  isWriteRoute(route: unknown): boolean;
  cutoverHint(group: string): string;
  fenceText(route: unknown): string;
  readYourWritesText(option: unknown): string;
  stageBody(stage: string, percent: string, reason: string, force: boolean): Record<string, unknown>;
  stageText(stage: string, percent: number): string;
  needsShadowReport(route: { stage: string }): boolean;
  matchRateText(report: unknown): string;
  refusalText(status: number, data: unknown): string;
  API: Record<string, { method: string; path: string }>;
};

describe("dashboard helpers", () => {
  it("shows each route's read-your-writes option", () => {
    expect(dashboard.readYourWritesText({ mode: "off", maxWaitMs: 500 })).toBe("off");
    expect(dashboard.readYourWritesText(undefined)).toBe("off");
    expect(dashboard.readYourWritesText({ mode: "route-to-owner", maxWaitMs: 500 })).toBe("route-to-owner");
    expect(dashboard.readYourWritesText({ mode: "wait", maxWaitMs: 750 })).toBe("wait ≤ 750 ms");
  });

  it("escapes a route id into the API path", () => {
    expect(dashboard.apiPath(dashboard.API.setStage, "a/b?c")).toBe("/routes/a%2Fb%3Fc/stage");
    expect(dashboard.apiPath(dashboard.API.routes)).toBe("/routes");
  });

  it("decides write routes by their writes field, not by the group's name, and names the cut-over of their group", () => {
    expect(dashboard.isWriteRoute({ group: "orders", writes: true })).toBe(true);
    expect(dashboard.isWriteRoute({ group: "catalog-writes", writes: false })).toBe(false);
    expect(dashboard.isWriteRoute({ group: "catalog-writes" })).toBe(false);
    expect(dashboard.isWriteRoute(null)).toBe(false);
    expect(dashboard.cutoverHint("catalog-writes")).toBe("moves with: npx strangler cutover catalog-writes --to service|monolith");
  });

  it("shows a fence with its holder, reason and age when the lease is known", () => {
    expect(dashboard.fenceText({ fenced: false, fence: null })).toBe("no");
    expect(dashboard.fenceText({ fenced: true, fence: null })).toBe("fenced");
    expect(dashboard.fenceText({ fenced: true, fence: { holder: "cutover:catalog", reason: "move writes", ageMs: 12_900 } })).toBe(
      "fenced by cutover:catalog (move writes), 12s",
    );
    expect(dashboard.fenceText({ fenced: true, fence: { holder: "admin:ops", reason: null, ageMs: 0 } })).toBe("fenced by admin:ops, 0s");
  });

  it("sends percent only for canary, a trimmed reason only when given, force only when ticked", () => {
    expect(dashboard.stageBody("canary", "25", "  ramp up ", true)).toEqual({ stage: "canary", percent: 25, reason: "ramp up", force: true });
    expect(dashboard.stageBody("service", "25", "   ", false)).toEqual({ stage: "service" });
  });

  it("fetches shadow reports only for routes in shadow or canary", () => {
    expect(["monolith", "shadow", "canary", "service"].filter((stage) => dashboard.needsShadowReport({ stage }))).toEqual(["shadow", "canary"]);
  });

  it("shows the match rate with its sample count, or why there is none", () => {
    expect(dashboard.matchRateText({ samples: 200, matchRate: 0.9951 })).toBe("99.5% of 200 samples");
    expect(dashboard.matchRateText({ samples: 0, matchRate: null })).toBe("no samples yet");
    expect(dashboard.matchRateText(undefined)).toBe("–");
    expect(dashboard.stageText("canary", 40)).toBe("canary 40%");
  });

  it("shows a refusal with the API's error code and message", () => {
    expect(dashboard.refusalText(409, { error: { code: "PROXY_ERR_GATE_REFUSED", message: "not enough samples" } })).toBe(
      "409 PROXY_ERR_GATE_REFUSED: not enough samples",
    );
    expect(dashboard.refusalText(502, null)).toBe("HTTP 502");
  });
});

// The helpers of the sync, gate, write-group and traffic panels.
const panels = require("./app.js") as {
  API: Record<string, { method: string; path: string }>;
  CHART: { left: number; right: number; top: number; bottom: number };
  apiPath(endpoint: { path: string }, id?: string): string;
  ageText(ms: unknown): string;
  msText(ms: unknown): string;
  leaseText(lease: unknown, now?: number): string;
  gateVerdictText(gate: unknown): string;
  failedChecks(gate: unknown): string[];
  directionText(stream: unknown): string;
  discardBody(change: Record<string, unknown>, reason: string): Record<string, unknown> | null;
  writeGroupRows(groups: unknown[], sync: unknown[]): Array<{ group: string; proxy: unknown; ownership: unknown }>;
  seriesPath(values: number[], max: number): string;
  chartOf(series: { monolith: number[]; service: number[] }): { max: number; total: { monolith: number; service: number }; monolith: string; service: string };
};

describe("dashboard helpers of the sync, gate, write-group and traffic panels", () => {
  it("escapes a service name into the sync paths", () => {
    expect(panels.apiPath(panels.API.discard, "cat/alog")).toBe("/sync/cat%2Falog/parked/discard");
    expect(panels.apiPath(panels.API.gate, "catalog-products-read")).toBe("/routes/catalog-products-read/gate");
  });

  it("shows lags and ages briefly, and a dash when unknown", () => {
    expect([panels.msText(null), panels.msText(undefined), panels.msText(12.4), panels.msText(1549)]).toEqual(["–", "–", "12 ms", "1.5 s"]);
    expect([panels.ageText(850), panels.ageText(12_900), panels.ageText(184_000), panels.ageText(null)]).toEqual(["850 ms", "12s", "3m 04s", "–"]);
  });

  it("describes a cut-over lease with its move, holder, age, step and expiry", () => {
    const startedAt = "2026-01-01T00:00:00.000Z";
    const now = Date.parse(startedAt) + 4200;
    expect(panels.leaseText(null)).toBe("none");
    expect(panels.leaseText({ holder: "cutover:catalog", from: "monolith", to: "service", startedAt, step: "drain", expired: false }, now)).toBe(
      'monolith → service by cutover:catalog, 4s old, at "drain"',
    );
    expect(panels.leaseText({ holder: "keeper", from: "service", to: "service", startedAt, step: null, expired: true }, now)).toBe(
      "settling service by keeper, 4s old, EXPIRED (the keeper settles it)",
    );
  });

  it("says whether the next move would pass its gate, with the failed checks", () => {
    const blocked = {
      stage: { stage: "shadow", percent: 0 },
      next: { stage: "canary", percent: 10 },
      allowed: false,
      reasons: ["3 compared shadow requests (need 100)"],
      checks: [
        { name: "samples", applicable: true, passed: false, detail: "3 compared shadow requests (need 100)" },
        { name: "match-rate", applicable: true, passed: true, detail: "match rate 100.00%" },
        { name: "sync-lag", applicable: false, passed: true, detail: "not applicable" },
      ],
    };
    expect(panels.gateVerdictText(blocked)).toBe("blocked → canary 10%");
    expect(panels.failedChecks(blocked)).toEqual(["samples: 3 compared shadow requests (need 100)"]);
    const ungated = { stage: { stage: "monolith", percent: 0 }, next: { stage: "shadow", percent: 0 }, allowed: true, reasons: [], checks: [{ name: "samples", applicable: false, passed: true, detail: "" }] };
    expect(panels.gateVerdictText(ungated)).toBe("allowed → shadow (not gated)");
    expect(panels.failedChecks(ungated)).toEqual([]);
    expect(panels.gateVerdictText({ stage: { stage: "service", percent: 100 }, next: null, allowed: false, reasons: ["the route is already served by its service"], checks: [] })).toBe("at service: nothing to gate");
    expect(panels.failedChecks({ next: { stage: "canary", percent: 10 }, allowed: false, reasons: ["gates are not enabled"], checks: [] })).toEqual(["gates are not enabled"]);
  });

  it("names a stream's direction and builds a discard body only with a reason", () => {
    expect(panels.directionText({ from: "monolith", to: "catalog" })).toBe("monolith → catalog");
    const change = { source: "monolith", table: "products", key: '{"id":7}', position: 41 };
    expect(panels.discardBody(change, "   ")).toBeNull();
    expect(panels.discardBody(change, " deleted upstream ")).toEqual({ key: '{"id":7}', table: "products", source: "monolith", reason: "deleted upstream" });
  });

  it("joins the proxy's write groups with the ownership the services report, by group name", () => {
    const groups = [
      { group: "catalog", writes: false, fenced: false, fence: null },
      { group: "catalog-writes", writes: true, fenced: true, fence: { holder: "cutover:x", ageMs: 1000 } },
    ];
    const ownership = { group: "catalog-writes", owner: "service", epoch: 1, fenced: { monolith: ["products"], service: [] }, lease: null };
    const rows = panels.writeGroupRows(groups, [
      { service: "catalog", ok: true, ownership: [ownership, { ...ownership, group: "orders-writes" }] },
      { service: "billing", ok: false },
    ]);
    expect(rows.map((row) => [row.group, (row.proxy as { group?: string } | null)?.group ?? null, (row.ownership as { service?: string } | null)?.service ?? null])).toEqual([
      ["catalog-writes", "catalog-writes", "catalog"],
      ["orders-writes", null, "catalog"],
    ]);
  });

  it("draws each side as a line over the plot area on one scale, a flat baseline without traffic", () => {
    const { left, right, top, bottom } = panels.CHART;
    expect(panels.seriesPath([0, 0], 0)).toBe(`M${left} ${bottom} L${right} ${bottom}`);
    expect(panels.seriesPath([2, 1, 0], 2)).toBe(`M${left} ${top} L${(left + right) / 2} ${(top + bottom) / 2} L${right} ${bottom}`);
    const chart = panels.chartOf({ monolith: [4, 0, 2], service: [0, 1, 1] });
    expect(chart.max).toBe(4);
    expect(chart.total).toEqual({ monolith: 6, service: 2 });
    expect(chart.monolith.startsWith(`M${left} ${top} `)).toBe(true);
    expect(chart.service.split(" L")).toHaveLength(3);
  });
});
