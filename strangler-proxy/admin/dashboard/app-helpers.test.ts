// The browser script is plain JS (no build step); loaded with require() it exports its pure helpers.
const dashboard = require("./app.js") as {
  apiPath(endpoint: { path: string }, id?: string): string;
  isWriteGroup(group: unknown): boolean;
  cutoverHint(group: string): string;
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

  it("treats only groups named <service>-writes as write groups, moved with cutover", () => {
    expect(dashboard.isWriteGroup("catalog-writes")).toBe(true);
    expect(dashboard.isWriteGroup("catalog")).toBe(false);
    expect(dashboard.isWriteGroup("-writes")).toBe(false);
    expect(dashboard.isWriteGroup(null)).toBe(false);
    expect(dashboard.cutoverHint("catalog-writes")).toBe("move with: npx strangler cutover catalog --to service|monolith");
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
