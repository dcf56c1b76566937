import { parseConfigText } from "../config/load-config-file";
import { buildRouteTable, decide, type ServiceCheck } from "../routing";
import { MATCH_TABLE } from "../routing/match-route.cases";
import type { FlagDefinition, FlagSource } from "./flag-source";
import { RouteFlags } from "./route-flags";

/** A flag source in memory: definitions, fixed values and per-user answers set by the test; records what is asked. */
class FakeFlagSource implements FlagSource {
  readonly definitions = new Map<string, FlagDefinition>();
  readonly fixed = new Map<string, boolean | null>();
  /** Users a flag is on for (asked only when the flag has no fixed value). */
  readonly usersOn = new Map<string, Set<string>>();
  readonly asked: string[] = [];

  define(name: string, enabled: boolean, rollout: number | null): void {
    this.definitions.set(name, { name, enabled, rollout });
  }
  start = async () => undefined;
  isReady = () => true;
  lastError = () => undefined;
  isEnabled(flag: string, userId: string): boolean {
    this.asked.push(`isEnabled ${flag} ${userId}`);
    return this.usersOn.get(flag)?.has(userId) ?? false;
  }
  fixedValue(flag: string): boolean | null {
    this.asked.push(`fixedValue ${flag}`);
    return this.fixed.has(flag) ? this.fixed.get(flag)! : false;
  }
  definition(flag: string): FlagDefinition | undefined {
    this.asked.push(`definition ${flag}`);
    return this.definitions.get(flag);
  }
  onChange = () => undefined;
  close = async () => undefined;
}

describe("RouteFlags (the one reader of a route's flags)", () => {
  let source: FakeFlagSource;
  let flags: RouteFlags;

  beforeEach(() => {
    source = new FakeFlagSource();
    flags = new RouteFlags(source, ["products-read", "cart"]);
  });

  describe("names", () => {
    it("follows the convention: strangler.route.<id>, .shadow, .fence", () => {
      expect(flags.names("products-read")).toEqual({
        primary: "strangler.route.products-read",
        shadow: "strangler.route.products-read.shadow",
        fence: "strangler.route.products-read.fence",
      });
    });

    it("computes a known route's names once (the same frozen object every time)", () => {
      const names = flags.names("cart");
      expect(flags.names("cart")).toBe(names);
      expect(Object.isFrozen(names)).toBe(true);
    });

    it("still names a route outside the table", () => {
      expect(flags.names("elsewhere").fence).toBe("strangler.route.elsewhere.fence");
    });
  });

  describe("inService", () => {
    it("answers a fixed value without computing the sticky key or evaluating the flag", () => {
      let keys = 0;
      const key = () => (keys++, "user-1");
      source.fixed.set("strangler.route.products-read", true);
      expect(flags.inService("products-read", key)).toBe(true);
      source.fixed.set("strangler.route.products-read", false);
      expect(flags.inService("products-read", key)).toBe(false);
      expect(keys).toBe(0);
      expect(source.asked.filter((call) => call.startsWith("isEnabled"))).toEqual([]);
    });

    it("asks a canary with the user's sticky key, once", () => {
      source.fixed.set("strangler.route.products-read", null);
      source.usersOn.set("strangler.route.products-read", new Set(["user-in"]));
      let keys = 0;
      expect(flags.inService("products-read", () => (keys++, "user-in"))).toBe(true);
      expect(flags.inService("products-read", () => (keys++, "user-out"))).toBe(false);
      expect(keys).toBe(2);
      expect(source.asked).toContain("isEnabled strangler.route.products-read user-in");
    });

    it("reads the route's primary flag only, not its shadow or fence flag", () => {
      source.fixed.set("strangler.route.cart.shadow", true);
      source.fixed.set("strangler.route.cart.fence", true);
      expect(flags.inService("cart", () => "u")).toBe(false);
      expect(source.asked).toEqual(["fixedValue strangler.route.cart"]);
    });

    it("is routing's ServiceCheck as it is, unbound (no closure per request)", () => {
      const table = buildRouteTable(parseConfigText(JSON.stringify(MATCH_TABLE), "table.json", {}));
      const route = table.byId.get("products-read")!;
      const tableFlags = new RouteFlags(source, table.routes.map((r) => r.id));
      const check: ServiceCheck = tableFlags.inService;
      source.fixed.set("strangler.route.products-read", true);
      expect(decide(table, route, check, () => "u").side).toBe("service");
      source.fixed.set("strangler.route.products-read", null);
      source.usersOn.set("strangler.route.products-read", new Set(["u"]));
      expect(decide(table, route, check, () => "u").side).toBe("service");
      expect(decide(table, route, check, () => "v").side).toBe("monolith");
    });
  });

  describe("fenced", () => {
    it("answers the fence flag's fixed value without evaluating it", () => {
      expect(flags.fenced("cart", "req-1")).toBe(false);
      source.fixed.set("strangler.route.cart.fence", true);
      expect(flags.fenced("cart", "req-1")).toBe(true);
      expect(source.asked).toEqual(["fixedValue strangler.route.cart.fence", "fixedValue strangler.route.cart.fence"]);
    });

    it("evaluates a partial fence by request id", () => {
      source.fixed.set("strangler.route.cart.fence", null);
      source.usersOn.set("strangler.route.cart.fence", new Set(["req-in"]));
      expect(flags.fenced("cart", "req-in")).toBe(true);
      expect(flags.fenced("cart", "req-out")).toBe(false);
    });

    it("is not the primary flag: a route on its service is not fenced", () => {
      source.fixed.set("strangler.route.cart", true);
      expect(flags.fenced("cart", "req-1")).toBe(false);
    });
  });

  describe("shadowWanted", () => {
    it("is on while the shadow flag is on for someone", () => {
      source.define("strangler.route.cart.shadow", true, 100);
      expect(flags.shadowWanted("cart", false)).toBe(true);
    });

    it("is off for unknown flags, a shadow flag that is off, or on for 0 %", () => {
      expect(flags.shadowWanted("cart", true)).toBe(false);
      source.define("strangler.route.cart.shadow", false, 0);
      expect(flags.shadowWanted("cart", true)).toBe(false);
      source.define("strangler.route.cart.shadow", true, 0);
      expect(flags.shadowWanted("cart", true)).toBe(false);
    });

    it("follows a canary only when the route mirrors during canaries", () => {
      source.define("strangler.route.cart", true, 30);
      expect(flags.shadowWanted("cart", true)).toBe(true);
      expect(flags.shadowWanted("cart", false)).toBe(false);
      source.define("strangler.route.cart", true, null);
      expect(flags.shadowWanted("cart", true)).toBe(true);
      source.define("strangler.route.cart", true, 0);
      expect(flags.shadowWanted("cart", true)).toBe(false);
    });
  });

  describe("stage and state", () => {
    it("derives the stage from the primary and shadow flags", () => {
      expect(flags.stage("cart")).toEqual({ stage: "monolith", percent: 0 });
      source.define("strangler.route.cart.shadow", true, 100);
      expect(flags.stage("cart")).toEqual({ stage: "shadow", percent: 0 });
      source.define("strangler.route.cart", true, 25);
      expect(flags.stage("cart")).toEqual({ stage: "canary", percent: 25 });
      source.define("strangler.route.cart", true, null);
      expect(flags.stage("cart")).toEqual({ stage: "canary", percent: null });
      source.define("strangler.route.cart", true, 100);
      expect(flags.stage("cart")).toEqual({ stage: "service", percent: 100 });
    });

    it("reports the fence flag as switched on by its definition", () => {
      expect(flags.state("cart")).toEqual({ stage: "monolith", percent: 0, fenced: false });
      source.define("strangler.route.cart.fence", true, 100);
      expect(flags.fenceFlagOn("cart")).toBe(true);
      expect(flags.state("cart")).toEqual({ stage: "monolith", percent: 0, fenced: true });
      expect(flags.state("products-read").fenced).toBe(false);
    });
  });
});
