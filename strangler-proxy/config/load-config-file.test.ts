import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../platform";
import { tempDir } from "../../testing";
import { loadConfigFile, parseConfigText } from "./load-config-file";

const minimal = {
  upstreams: [{ name: "monolith", url: "http://127.0.0.1:${MONOLITH_PORT:-3001}", default: true }],
};

function problem(text: string, source = "strangler.config.json", env: Record<string, string> = {}): string {
  try {
    parseConfigText(text, source, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("route table file", () => {
  it("fills defaults for everything but the upstreams", () => {
    const config = parseConfigText(JSON.stringify(minimal), "strangler.config.json", {});
    expect(config.routes).toEqual([]);
    expect(config.upstreams[0]).toMatchObject({ hostHeader: "preserve", timeoutMs: 30_000 });
    expect(config.upstreams[0].healthPath).toBeUndefined();
    expect(config.flags.mode).toBe("auto");
    expect(config.limits.maxPathBytes).toBe(8192);
    expect(config.encodedSlashes).toBe("keep");
    expect(config.strictPaths).toBe(false);
    expect(config.forwarding).toEqual({ trustedProxies: [], forwarded: true, xForwarded: true, via: "strangler" });
  });

  it("makes a lone upstream the default without saying so", () => {
    const config = parseConfigText(JSON.stringify({ upstreams: [{ name: "legacy", url: "http://127.0.0.1:9000" }] }), "f.json", {});
    expect(config.upstreams[0].default).toBe(true);
  });

  it.each(["127.0.0.1:9000", "localhost:9000", "shop.internal"])("says how to write the URL %s with its scheme", (url) => {
    const text = JSON.stringify({ upstreams: [{ name: "legacy", url }] });
    expect(problem(text)).toContain(`upstreams.0.url: "${url}" has no scheme: write "http://${url}"`);
  });

  it("accepts any RFC 9110 method token in a route, in capitals", () => {
    const route = { id: "dav", methods: ["PROPFIND", "MKCOL", "REPORT", "PURGE", "M-SEARCH"], paths: ["/dav/*"], upstream: "monolith" };
    expect(parseConfigText(JSON.stringify({ ...minimal, routes: [route] }), "f.json", {}).routes[0].methods).toEqual(route.methods);
    expect(problem(JSON.stringify({ ...minimal, routes: [{ ...route, methods: ["propfind"] }] }))).toMatch(/methods\.0: methods are case-sensitive/);
    expect(problem(JSON.stringify({ ...minimal, routes: [{ ...route, methods: ["GET /x"] }] }))).toMatch(/methods\.0: a method is an RFC 9110 token/);
  });

  it("accepts preserve, upstream or a host[:port] as an upstream's hostHeader", () => {
    for (const hostHeader of ["preserve", "upstream", "shop.internal:8080", "[::1]:3001"]) {
      expect(parseConfigText(JSON.stringify({ upstreams: [{ ...minimal.upstreams[0], hostHeader }] }), "f.json", {}).upstreams[0].hostHeader).toBe(hostHeader);
    }
    expect(problem(JSON.stringify({ upstreams: [{ ...minimal.upstreams[0], hostHeader: "bad host" }] }))).toMatch(/hostHeader: use "preserve", "upstream" or a host\[:port\]/);
  });

  it("checks encodedSlashes and the trusted proxies", () => {
    expect(problem(JSON.stringify({ ...minimal, encodedSlashes: "split" }))).toMatch(/encodedSlashes/);
    expect(problem(JSON.stringify({ ...minimal, forwarding: { trustedProxies: ["10.0.0.0/33"] } }))).toMatch(/forwarding\.trustedProxies\.0: use an IP address, a CIDR block/);
    const ok = parseConfigText(JSON.stringify({ ...minimal, forwarding: { trustedProxies: ["loopback", "private", "10.1.2.3", "fd00::/8"] } }), "f.json", {});
    expect(ok.forwarding.trustedProxies).toHaveLength(4);
  });

  it("interpolates ${VAR:-default} from the environment, or uses the default", () => {
    expect(parseConfigText(JSON.stringify(minimal), "f.json", { MONOLITH_PORT: "4100" }).upstreams[0].url).toBe("http://127.0.0.1:4100");
    expect(parseConfigText(JSON.stringify(minimal), "f.json", {}).upstreams[0].url).toBe("http://127.0.0.1:3001");
  });

  it("names the variable when ${VAR} has no default and is unset", () => {
    const text = JSON.stringify({ upstreams: [{ name: "monolith", url: "http://h:${PORT_X}", default: true }] });
    expect(problem(text)).toMatch(/upstreams\.0\.url: \$\{PORT_X\} is not set/);
  });

  it("names the file, the field and the problem for an invalid value", () => {
    const text = JSON.stringify({ ...minimal, routes: [{ id: "r", paths: ["products"], upstream: "monolith" }] });
    expect(problem(text, "/srv/strangler.config.json")).toMatch(/\/srv\/strangler\.config\.json: routes\.0\.paths\.0: a path template starts with \//);
  });

  it("refuses a route that names an unknown upstream, listing the known ones", () => {
    const text = JSON.stringify({ ...minimal, routes: [{ id: "r", paths: ["/x"], upstream: "catalog" }] });
    expect(problem(text)).toMatch(/routes\.0\.upstream: unknown upstream "catalog"; known: monolith/);
  });

  it("refuses duplicate route ids", () => {
    const route = { id: "r", paths: ["/x"], upstream: "monolith" };
    expect(problem(JSON.stringify({ ...minimal, routes: [route, route] }))).toMatch(/routes\.1\.id: duplicate route id "r"/);
  });

  it("refuses a canary stage without a percent", () => {
    const text = JSON.stringify({ ...minimal, routes: [{ id: "r", paths: ["/x"], upstream: "monolith", stage: "canary" }] });
    expect(problem(text)).toMatch(/routes\.0\.percent: stage canary needs a percent/);
  });

  describe("write routes", () => {
    const writeRoute = { id: "products-write", paths: ["/products"], upstream: "monolith", group: "catalog-writes", writes: true };
    const withRoutes = (...routes: unknown[]) => JSON.stringify({ ...minimal, routes });

    it("defaults writes to false and accepts a write route in a group at monolith or service", () => {
      const config = parseConfigText(withRoutes({ id: "r", paths: ["/x"], upstream: "monolith" }, { ...writeRoute, stage: "service" }), "f.json", {});
      expect(config.routes.map((route) => route.writes)).toEqual([false, true]);
    });

    it("refuses a write route without a group, naming the field and the fix", () => {
      const { group: _group, ...ungrouped } = writeRoute;
      expect(problem(withRoutes(ungrouped), "/srv/strangler.config.json")).toMatch(
        /\/srv\/strangler\.config\.json: routes\.0\.group: "writes": true needs a "group" .*Fix: add "group"/,
      );
    });

    it.each(["shadow", "canary"])("refuses a write route at stage %s: writes move 0 %% → 100 %%", (stage) => {
      expect(problem(withRoutes({ ...writeRoute, stage, percent: 10 }))).toMatch(
        new RegExp(`routes\\.0\\.stage: a write route's stage is "monolith" or "service", not "${stage}".*Fix: set "stage": "monolith"`),
      );
    });

    it("refuses a group whose routes disagree on writes", () => {
      const other = { id: "products-patch", paths: ["/products/:id"], upstream: "monolith", group: "catalog-writes" };
      expect(problem(withRoutes(writeRoute, other))).toMatch(
        /routes\.1\.writes: route "products-patch" is in the write group "catalog-writes" \(write routes: products-write\) without "writes": true.*Fix: set "writes": true/,
      );
    });
  });

  it("refuses a table of several upstreams without exactly one default", () => {
    const text = JSON.stringify({ upstreams: [{ name: "a", url: "http://a" }, { name: "b", url: "http://b" }] });
    expect(problem(text)).toMatch(/upstreams: exactly one upstream needs "default": true/);
  });

  it("refuses unknown fields, so typos do not pass silently", () => {
    const text = JSON.stringify({ ...minimal, rotues: [] });
    expect(problem(text)).toMatch(/rotues|Unrecognized key/);
  });

  it("refuses a wildcard that is not the last segment", () => {
    const text = JSON.stringify({ ...minimal, routes: [{ id: "r", paths: ["/a/*/b"], upstream: "monolith" }] });
    expect(problem(text)).toMatch(/only as the last segment/);
  });

  it("reports a syntax error with the file name", () => {
    expect(problem("{ not json", "bad.json")).toMatch(/bad\.json: \(root\): not valid json/);
  });

  it("reads YAML files", () => {
    const dir = tempDir();
    try {
      const path = dir.file("strangler.config.yaml");
      writeFileSync(path, "upstreams:\n  - name: monolith\n    url: http://127.0.0.1:3001\n    default: true\n");
      expect(loadConfigFile(path, {}).upstreams[0].name).toBe("monolith");
    } finally {
      dir.remove();
    }
  });

  it("says how to fix a missing file", () => {
    expect(() => loadConfigFile("/nonexistent/strangler.config.json", {})).toThrow(/cannot read the file \(ENOENT\).*STRANGLER_CONFIG/);
  });

  it("accepts the strangler.config.json shipped at the repository root", () => {
    const path = join(__dirname, "../../strangler.config.json");
    const config = parseConfigText(readFileSync(path, "utf8"), path, {});
    expect(config.routes.every((route) => route.stage === "monolith")).toBe(true);
    // Every service's write routes sit in its `<service>-writes` group; the catalog's are these.
    const writes = config.routes.filter((route) => route.writes).map((route) => [route.id, route.group]);
    expect(writes.every(([, group]) => group?.endsWith("-writes"))).toBe(true);
    expect(writes).toEqual(expect.arrayContaining([
      ["catalog-products-write", "catalog-writes"],
      ["catalog-categories-write", "catalog-writes"],
    ]));
    expect(config.upstreams.find((u) => u.default)?.name).toBe("monolith");
  });
});
