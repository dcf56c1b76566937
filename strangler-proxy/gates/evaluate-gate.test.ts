import { evaluateGate, movesTowardsService, nextStage } from "./evaluate-gate";

const config = { enforce: true, minSamples: 100, minMatchRate: 0.99, maxSyncLagMs: 5000 };
const shadow = { stage: "shadow" as const, percent: 0 };
const canary10 = { stage: "canary" as const, percent: 10 };
const noLag = { applicable: false as const, detail: "no syncStatusPath" };

describe("evaluateGate", () => {
  it("allows a move with enough matching samples and no sync status, saying the lag check does not apply", () => {
    const verdict = evaluateGate(shadow, canary10, { samples: 100, matchRate: 0.995 }, noLag, config);
    expect(verdict).toMatchObject({ gated: true, allowed: true, reasons: [] });
    expect(verdict.checks[2]).toMatchObject({ name: "sync-lag", applicable: false, detail: "not applicable: no syncStatusPath" });
  });

  it("lists every failed check as a reason", () => {
    const verdict = evaluateGate(shadow, canary10, { samples: 40, matchRate: 0.5 }, { applicable: true, ok: true, maxLagP99Ms: 8000, backlog: 2 }, config);
    expect(verdict.allowed).toBe(false);
    expect(verdict.reasons).toEqual([
      "40 compared shadow requests (need 100)",
      "match rate 50.00% (need ≥ 99.00%)",
      "sync lag p99 8000 ms, backlog 2 (need ≤ 5000 ms)",
    ]);
  });

  it("fails the lag check when the configured sync status cannot be read", () => {
    const verdict = evaluateGate(shadow, canary10, { samples: 100, matchRate: 1 }, { applicable: true, ok: false, error: "ECONNREFUSED" }, config);
    expect(verdict.reasons).toEqual(["sync status unavailable: ECONNREFUSED"]);
  });

  it("never gates moves back towards the monolith, nor monolith → shadow", () => {
    const empty = { samples: 0, matchRate: null };
    expect(evaluateGate({ stage: "service", percent: 100 }, canary10, empty, noLag, config).allowed).toBe(true);
    expect(evaluateGate({ stage: "monolith", percent: 0 }, shadow, empty, noLag, config).allowed).toBe(true);
    expect(evaluateGate({ stage: "canary", percent: 50 }, canary10, empty, noLag, config).allowed).toBe(true);
  });

  it("gates a larger canary and skipping shadow", () => {
    expect(movesTowardsService(canary10, { stage: "canary", percent: 20 })).toBe(true);
    expect(movesTowardsService({ stage: "monolith", percent: 0 }, { stage: "service", percent: 100 })).toBe(true);
  });

  it("names the next stage of each stage", () => {
    expect(["monolith", "shadow", "canary", "service"].map((s) => nextStage(s as "monolith")?.stage ?? null)).toEqual(["shadow", "canary", "service", null]);
  });
});
