import { ConfigError } from "../../platform";
import { parseConfigText } from "./load-config-file";

const table = (overrides: { monolith?: Record<string, unknown>; catalog?: Record<string, unknown>; route?: Record<string, unknown> }) =>
  JSON.stringify({
    upstreams: [
      { name: "monolith", url: "http://127.0.0.1:3001", default: true, syncHeadUrl: "http://127.0.0.1:8082/internal/sync/head", ...overrides.monolith },
      { name: "catalog", url: "http://127.0.0.1:3002", syncStatusPath: "/internal/sync/status", syncHeadUrl: "/internal/sync/head", ...overrides.catalog },
    ],
    routes: [{ id: "products-read", methods: ["GET"], paths: ["/products/:id"], upstream: "catalog", readYourWrites: { mode: "wait" }, ...overrides.route }],
  });

const problem = (text: string) => {
  try {
    parseConfigText(text, "strangler.config.json", {});
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("the table was accepted");
};

describe("readYourWrites in the route table", () => {
  it("defaults to off, with a 500 ms wait bound and a signed cookie kept 60 s", () => {
    const file = parseConfigText(table({ route: { readYourWrites: undefined } }), "strangler.config.json", {});
    expect(file.routes[0].readYourWrites).toEqual({ mode: "off", maxWaitMs: 500 });
    expect(file.readYourWrites).toMatchObject({ cookie: "strangler_ryw", ttlMs: 60_000, maxClients: 100_000 });
  });

  it("is accepted when both sides say where their heads are and the service serves its status", () => {
    expect(parseConfigText(table({}), "strangler.config.json", {}).routes[0].readYourWrites).toEqual({ mode: "wait", maxWaitMs: 500 });
  });

  it("names the field and the fix when a side's head or the service's status is missing", () => {
    expect(problem(table({ monolith: { syncHeadUrl: undefined } }))).toMatch(/routes\.0\.readYourWrites\.mode.*default upstream "monolith" to have a syncHeadUrl.*8082\/internal\/sync\/head/s);
    expect(problem(table({ catalog: { syncHeadUrl: undefined } }))).toMatch(/routes\.0\.readYourWrites\.mode.*upstream "catalog" to have a syncHeadUrl/s);
    expect(problem(table({ catalog: { syncStatusPath: undefined } }))).toMatch(/routes\.0\.readYourWrites\.mode.*syncStatusPath/s);
  });

  it("refuses it on a write route, an unknown mode and a head that is neither a path nor a URL", () => {
    expect(problem(table({ route: { writes: true, group: "catalog-writes", methods: ["POST"] } }))).toMatch(/readYourWrites\.mode.*applies to reads/s);
    expect(problem(table({ route: { readYourWrites: { mode: "sometimes" } } }))).toMatch(/readYourWrites\.mode/);
    expect(problem(table({ catalog: { syncHeadUrl: "internal/sync/head" } }))).toMatch(/syncHeadUrl.*use a path on this upstream/s);
  });
});
