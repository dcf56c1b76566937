import { offlineFlagSource } from "../../testing";
import type { UnleashFlagSource } from "./unleash-flag-source";

// Flags as a team might create them by hand in a real Unleash, read through the same adapter.
const features = [
  { name: "strangler.route.off", enabled: false, strategies: [] },
  { name: "strangler.route.standard", enabled: true, strategies: [{ name: "default", parameters: {} }] },
  { name: "strangler.route.no-strategy", enabled: true, strategies: [] },
  { name: "strangler.route.rollout", enabled: true, strategies: [{ name: "flexibleRollout", parameters: { rollout: "35", stickiness: "userId", groupId: "g" } }] },
  {
    name: "strangler.route.constrained",
    enabled: true,
    strategies: [{ name: "flexibleRollout", parameters: { rollout: "50", stickiness: "userId", groupId: "g" }, constraints: [{ contextName: "userId", operator: "IN", values: ["a"] }] }],
  },
  { name: "strangler.route.zero", enabled: true, strategies: [{ name: "flexibleRollout", parameters: { rollout: "0", stickiness: "userId", groupId: "g" } }] },
  { name: "strangler.route.full", enabled: true, strategies: [{ name: "flexibleRollout", parameters: { rollout: "100", stickiness: "default", groupId: "g" } }] },
  { name: "strangler.route.user-list", enabled: true, strategies: [{ name: "userWithId", parameters: { userIds: "alice,bob" } }] },
];

describe("UnleashFlagSource", () => {
  let flags: UnleashFlagSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ flags, close } = await offlineFlagSource(features as never));
  });

  afterAll(() => close());

  it.each([
    ["strangler.route.off", { enabled: false, rollout: 0 }],
    ["strangler.route.standard", { enabled: true, rollout: 100 }],
    ["strangler.route.no-strategy", { enabled: true, rollout: 100 }],
    ["strangler.route.rollout", { enabled: true, rollout: 35 }],
    ["strangler.route.constrained", { enabled: true, rollout: null }],
    ["strangler.route.zero", { enabled: true, rollout: 0 }],
    ["strangler.route.full", { enabled: true, rollout: 100 }],
    ["strangler.route.user-list", { enabled: true, rollout: null }],
  ])("reads %s as %j", (name, expected) => {
    expect(flags.definition(name)).toEqual({ name, ...expected });
  });

  it("evaluates other strategies the way Unleash does", () => {
    expect(flags.isEnabled("strangler.route.user-list", "alice")).toBe(true);
    expect(flags.isEnabled("strangler.route.user-list", "carol")).toBe(false);
  });

  it("knows nothing of a flag it was never given", () => {
    expect(flags.definition("strangler.route.none")).toBeUndefined();
    expect(flags.fixedValue("strangler.route.none")).toBe(false);
  });

  it.each([
    ["strangler.route.off", false],
    ["strangler.route.standard", true],
    ["strangler.route.no-strategy", true],
    ["strangler.route.zero", false],
    ["strangler.route.full", true],
    ["strangler.route.rollout", null],
    ["strangler.route.constrained", null],
    ["strangler.route.user-list", null],
  ])("gives %s the fixed value %s, the answer Unleash gives every user", (name, fixed) => {
    expect(flags.fixedValue(name)).toBe(fixed);
    // A fixed value must be what every user gets; null leaves the answer to isEnabled per user.
    if (fixed !== null) expect(new Set(Array.from({ length: 200 }, (_, i) => flags.isEnabled(name, `user-${i}`)))).toEqual(new Set([fixed]));
  });
});
