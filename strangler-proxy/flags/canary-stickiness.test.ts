import fc from "fast-check";
import { offlineFlagSource } from "../../testing";
import { toClientFeature } from "./flag-store/unleash-format";
import type { UnleashFlagSource } from "./unleash-flag-source";

// One flag per percentage, all sharing the groupId of a single route's flag: exactly what Unleash
// evaluates when an operator changes that route's rollout from one percentage to another.
const GROUP = "strangler.route.products-read";
const flagAt = (percent: number) => `${GROUP}@${percent}`;
const bootstrap = Array.from({ length: 101 }, (_, percent) => {
  const feature = toClientFeature({ name: flagAt(percent), enabled: true, rollout: percent });
  feature.strategies[0].parameters.groupId = GROUP;
  return feature;
});

describe("canary stickiness (unleash-client flexibleRollout, userId stickiness)", () => {
  let flags: UnleashFlagSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ flags, close } = await offlineFlagSource(bootstrap));
  });

  afterAll(() => close());

  it("loads the bootstrapped flags", () => {
    expect(flags.isReady()).toBe(true);
  });

  it("keeps a user on the service while the percentage grows, and returns them only when it shrinks below their bucket", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.nat(100), fc.nat(100), (userId, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        if (flags.isEnabled(flagAt(low), userId)) expect(flags.isEnabled(flagAt(high), userId)).toBe(true);
        if (!flags.isEnabled(flagAt(high), userId)) expect(flags.isEnabled(flagAt(low), userId)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("answers the same for the same user every time", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.nat(100), (userId, percent) => {
        expect(flags.isEnabled(flagAt(percent), userId)).toBe(flags.isEnabled(flagAt(percent), userId));
      }),
    );
  });

  it("sends nobody at 0% and everybody at 100%", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (userId) => {
        expect(flags.isEnabled(flagAt(0), userId)).toBe(false);
        expect(flags.isEnabled(flagAt(100), userId)).toBe(true);
      }),
    );
  });

  it("sends roughly the configured share of users", () => {
    const users = Array.from({ length: 4000 }, (_, i) => `user-${i}`);
    const share = users.filter((u) => flags.isEnabled(flagAt(25), u)).length / users.length;
    expect(share).toBeGreaterThan(0.22);
    expect(share).toBeLessThan(0.28);
  });

  it("treats an unknown flag as off (the monolith keeps the route)", () => {
    expect(flags.isEnabled("strangler.route.unknown", "u1")).toBe(false);
  });
});
