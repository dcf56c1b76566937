// The browser script is plain JS (no build step); loaded with require() it exports its pure helpers.
const dashboard = require("./app.js") as {
  apiPath(endpoint: { path: string }, id?: string): string;
  isWriteRoute(route: unknown): boolean;
  cutoverHint(group: string): string;
  fenceText(route: unknown): string;
  stageBody(stage: string, percent: string, reason: string, force: boolean): Record<string, unknown>;
  stageText(stage: string, percent: number): string;
  needsShadowReport(route: { stage: string }): boolean;
  matchRateText(report: unknown): string;
  refusalText(status: number, data: unknown): string;
  API: Record<string, { method: string; path: string }>;
};

describe("dashboard helpers", () => {
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
