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
  });
});
