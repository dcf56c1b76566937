import { decideFence, decideLift, describeHold, expiryPlan, isLive, type FenceLease, type FenceRequest } from "./fence-lease";

const T0 = Date.parse("2030-01-01T00:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();
const request = (holder: string, extra: Partial<FenceRequest> = {}): FenceRequest => ({
  group: "catalog-writes",
  routeIds: ["products-write", "categories-write"],
  holder,
  leaseMs: 30_000,
  actor: "admin",
  ...extra,
});
const lease = (holder: string, extra: Partial<FenceLease> = {}): FenceLease => ({
  group: "catalog-writes",
  holder,
  reason: "move writes",
  routeIds: ["products-write", "categories-write"],
  fencedAt: at(0),
  renewedAt: at(0),
  expiresAt: at(30_000),
  ...extra,
});

describe("fence lease decisions", () => {
  it("fences a group with no lease: the lease runs leaseMs from now, audited once", () => {
    const decision = decideFence(undefined, request("cutover:1", { reason: "move" }), T0);
    expect(decision).toMatchObject({ renewed: false, lease: { holder: "cutover:1", reason: "move", fencedAt: at(0), expiresAt: at(30_000) } });
    expect("plan" in decision && decision.plan).toMatchObject({ fenced: true, auditUnchanged: false, audit: { reason: "fenced by cutover:1 (lease 30000 ms): move" } });
  });

  it("renews for the same holder, keeping fencedAt and the reason", () => {
    const decision = decideFence(lease("cutover:1"), request("cutover:1", { leaseMs: 10_000 }), T0 + 20_000);
    expect(decision).toMatchObject({ renewed: true, lease: { fencedAt: at(0), renewedAt: at(20_000), expiresAt: at(30_000), reason: "move writes" } });
  });

  it("refuses another holder while the lease lives, and takes over once it expired (flags stay on, audited)", () => {
    expect(decideFence(lease("cutover:1"), request("cutover:2"), T0 + 29_999)).toEqual({ held: lease("cutover:1") });
    const takeover = decideFence(lease("cutover:1"), request("cutover:2"), T0 + 30_000);
    expect(takeover).toMatchObject({ renewed: false, lease: { holder: "cutover:2", fencedAt: at(30_000) } });
    expect("plan" in takeover && takeover.plan.auditUnchanged).toBe(true);
    expect("plan" in takeover && takeover.plan.audit.reason).toMatch(/^lease of cutover:1 expired: .*; fence taken over by cutover:2; fenced by cutover:2/);
  });

  it("lets an operator lift any fence, the holder its own, and refuses another holder of a live lease", () => {
    expect(decideLift(lease("cutover:1"), { ...request("x"), holder: "cutover:2" }, ["products-write"], T0)).toEqual({ held: lease("cutover:1") });
    expect(decideLift(lease("cutover:1"), { ...request("x"), holder: "cutover:1" }, [], T0)).toMatchObject({ plan: { fenced: false, lease: { remove: "catalog-writes" } } });
    const manual = decideLift(lease("cutover:1"), { ...request("x"), holder: undefined, reason: "stuck" }, [], T0);
    expect("plan" in manual && manual.plan?.audit.reason).toBe(`lifted by an operator (manual lift of the lease of cutover:1, held since ${at(0)}): stuck`);
    expect(decideLift(undefined, { ...request("x"), holder: undefined }, [], T0)).toEqual({});
  });

  it("describes a hold with holder, reason, age and time to expiry, and an expiry with how long it went unrenewed", () => {
    expect(describeHold(lease("cutover:1"), T0 + 12_300)).toBe("held by cutover:1 (reason: move writes) for 12.3 s, expires in 17.7 s unless renewed");
    expect(expiryPlan(lease("cutover:1", { renewedAt: at(5000), expiresAt: at(35_000) }), T0 + 35_250)).toMatchObject({
      fenced: false,
      audit: { actor: "lease-expiry", reason: `lease of cutover:1 expired: held since ${at(0)}, not renewed for 30250 ms (fenced for: move writes)` },
      log: { level: "warn" },
    });
    expect(isLive(lease("a"), T0 + 29_999)).toBe(true);
    expect(isLive(lease("a"), T0 + 30_000)).toBe(false);
  });
});
