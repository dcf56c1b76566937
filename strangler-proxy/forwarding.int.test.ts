import { request } from "node:http";
import { tempDir, type TempDir } from "../testing";
import { rawRequest, startProxy, startTestUpstream, type EchoedRequest, type StartedProxy, type TestUpstream } from "../testing/proxy";
import { MATCH_CASES, MATCH_TABLE } from "./routing/match-route.cases";
import { NORMALISE_CASES } from "./routing/normalise-path.cases";

let monolith: TestUpstream;
let catalog: TestUpstream;
let slow: TestUpstream;
let proxy: StartedProxy;
let strict: StartedProxy;
let dir: TempDir;
let strictDir: TempDir;

beforeAll(async () => {
  [monolith, catalog, slow] = await Promise.all([startTestUpstream("monolith"), startTestUpstream("catalog"), startTestUpstream("slow")]);
  dir = tempDir();
  strictDir = tempDir();
  const config = {
    upstreams: [
      { name: "monolith", url: monolith.url, default: true },
      { name: "catalog", url: catalog.url },
      { name: "slow", url: slow.url, timeoutMs: 200 },
      { name: "dead", url: "http://127.0.0.1:9" },
    ],
    // The shared case table's routes, all moved to their service, plus two failing upstreams
    // (without fallback: fallback.int.test.ts covers the retry on the monolith).
    routes: [
      ...MATCH_TABLE.routes.map((route) => ({ ...route, stage: "service" })),
      { id: "slow", paths: ["/sleep/:ms"], upstream: "slow", stage: "service", fallback: { enabled: false } },
      { id: "dead", paths: ["/dead"], upstream: "dead", stage: "service", fallback: { enabled: false } },
      { id: "hold", paths: ["/hold"], upstream: "catalog", stage: "service" },
    ],
    stickiness: { header: "x-user-id" },
    forwarding: { trustedProxies: ["loopback"] },
  };
  [proxy, strict] = await Promise.all([
    startProxy({ dataDir: dir.path, config }),
    startProxy({ dataDir: strictDir.path, config: { ...config, strictPaths: true } }),
  ]);
});

afterAll(async () => {
  await proxy?.close();
  await strict?.close();
  await Promise.all([monolith, catalog, slow].map((u) => u?.close()));
  dir?.remove();
  strictDir?.remove();
});

describe.each([
  ["default", () => proxy, false],
  ["strictPaths", () => strict, true],
] as const)("routing through a real listener (%s)", (_mode, current, strictMode) => {
  it.each(MATCH_CASES.map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    const expected = (strictMode && testCase.strict) || testCase.expect;
    const res = await rawRequest(current().url, { method: testCase.method, path: testCase.raw, headers: testCase.headers });
    if ("status" in expected) {
      expect(res.status).toBe(expected.status);
      expect(res.json<{ error: { code: string } }>().error.code).toMatch(/^PROXY_ERR_(AMBIGUOUS_PATH|PATH_TOO_LONG)$/);
      return;
    }
    expect(res.status).toBe(200);
    expect(res.headers["x-upstream"]).toBe(expected.route ? "catalog" : "monolith");
    // Whichever side it went to, the upstream got the target byte for byte.
    if (testCase.method !== "HEAD") expect(res.json<EchoedRequest>().url).toBe(testCase.raw);
  });

  it.each(NORMALISE_CASES.map((c) => [c.name, c] as const))("the upstream receives the target as sent, or it is refused: %s", async (_name, testCase) => {
    const expected = (strictMode && testCase.strict) || testCase.expect;
    const res = await rawRequest(current().url, { method: testCase.raw === "*" ? "OPTIONS" : "GET", path: testCase.raw });
    if ("status" in expected) {
      expect(res.status).toBe(expected.status);
      expect(res.json<{ error: { code: string } }>().error.code).toMatch(/^PROXY_ERR_(AMBIGUOUS_PATH|PATH_TOO_LONG|BAD_REQUEST)$/);
      return;
    }
    expect(res.status).toBe(200);
    expect(res.json<EchoedRequest>().url).toBe(testCase.raw);
  });

  it("keeps serving after every attack path", async () => {
    const res = await rawRequest(proxy.url, { path: "/products/1" });
    expect(res.status).toBe(200);
  });
});

describe("headers", () => {
  it("generates an x-request-id, passes it on and returns it", async () => {
    const res = await rawRequest(proxy.url, { path: "/anything" });
    const seen = res.json<EchoedRequest>().headers["x-request-id"];
    expect(seen).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers["x-request-id"]).toBe(seen);
  });

  it("keeps a well-formed x-request-id sent by the client", async () => {
    const res = await rawRequest(proxy.url, { path: "/anything", headers: { "x-request-id": "abc-123" } });
    expect(res.json<EchoedRequest>().headers["x-request-id"]).toBe("abc-123");
  });

  it("keeps the client's Host (preserve) and sets X-Forwarded-For, -Proto, -Host, Forwarded and Via, appending to a trusted hop's chain", async () => {
    const res = await rawRequest(proxy.url, { path: "/anything", headers: { host: "shop.example", "x-forwarded-for": "203.0.113.9" } });
    const headers = res.json<EchoedRequest>().headers;
    expect(headers.host).toBe("shop.example");
    expect(headers["x-forwarded-for"]).toBe("203.0.113.9, 127.0.0.1");
    expect(headers["x-forwarded-proto"]).toBe("http");
    expect(headers["x-forwarded-host"]).toBe("shop.example");
    expect(headers.forwarded).toBe("for=127.0.0.1;host=shop.example;proto=http");
    expect(headers.via).toBe("1.1 strangler");
  });

  it("drops hop-by-hop headers and those named in Connection, client-sent x-strangler-* headers, and passes Proxy-Authorization", async () => {
    const res = await rawRequest(proxy.url, {
      path: "/anything",
      headers: { connection: "keep-alive, x-private", "x-private": "1", "keep-alive": "timeout=5", "x-strangler-route": "forged", "x-other": "kept", "proxy-authorization": "Basic dTpw" },
    });
    const headers = res.json<EchoedRequest>().headers;
    expect(headers["x-private"]).toBeUndefined();
    expect(headers["keep-alive"]).toBeUndefined();
    expect(headers["x-strangler-route"]).toBeUndefined();
    expect(headers["x-other"]).toBe("kept");
    expect(headers["proxy-authorization"]).toBe("Basic dTpw");
  });

  it("drops hop-by-hop headers from the upstream's response and passes Proxy-Authenticate", async () => {
    const res = await rawRequest(proxy.url, { path: "/anything" });
    expect(res.headers["proxy-authenticate"]).toBe("Basic");
    expect(res.headers["keep-alive"]).not.toBe("timeout=5, timeout=5");
    expect(res.headers["x-upstream"]).toBe("monolith");
  });
});

describe("bodies", () => {
  it("passes a large request body through intact", async () => {
    const body = "x".repeat(3 * 1024 * 1024);
    const res = await rawRequest(proxy.url, { method: "POST", path: "/products", body, headers: { "content-type": "text/plain" } });
    expect(res.headers["x-upstream"]).toBe("catalog");
    expect(res.json<EchoedRequest>().body.length).toBe(body.length);
  });

  it("streams the response: the first chunk arrives before the upstream has finished", async () => {
    const chunks: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const { hostname, port } = new URL(proxy.url);
      const req = request({ host: hostname, port, path: "/hold", agent: false }, (res) => {
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          chunks.push(chunk);
          if (chunks.length === 1) catalog.releaseHeld();
        });
        res.on("end", () => resolve());
      });
      req.on("error", reject);
      req.end();
    });
    await done;
    expect(chunks.join("")).toBe("first\nlast\n");
    expect(chunks[0]).toBe("first\n");
  });
});

describe("upstream failures", () => {
  it("answers 502 PROXY_ERR_UPSTREAM_UNAVAILABLE as JSON when the upstream refuses the connection", async () => {
    const res = await rawRequest(proxy.url, { path: "/dead" });
    expect(res.status).toBe(502);
    expect(res.json<{ error: { code: string } }>().error.code).toBe("PROXY_ERR_UPSTREAM_UNAVAILABLE");
  });

  it("answers 504 PROXY_ERR_UPSTREAM_TIMEOUT when the upstream does not answer in time", async () => {
    const res = await rawRequest(proxy.url, { path: "/sleep/3000" });
    expect(res.status).toBe(504);
    expect(res.json<{ error: { code: string } }>().error.code).toBe("PROXY_ERR_UPSTREAM_TIMEOUT");
  });

  it("keeps serving after upstream failures", async () => {
    expect((await rawRequest(proxy.url, { path: "/sleep/0" })).status).toBe(200);
  });
});

describe("websockets", () => {
  function upgrade(path: string): Promise<{ status: number; upstream?: string; seenPath?: string; echo?: string }> {
    const { hostname, port } = new URL(proxy.url);
    return new Promise((resolve, reject) => {
      const req = request({ host: hostname, port, path, agent: false, headers: { connection: "Upgrade", upgrade: "websocket" } });
      req.on("upgrade", (res, socket) => {
        socket.once("data", (data: Buffer) => {
          resolve({ status: res.statusCode ?? 0, upstream: String(res.headers["x-upstream"]), seenPath: String(res.headers["x-seen-path"]), echo: data.toString() });
          socket.destroy();
        });
        socket.write("ping");
      });
      req.on("response", (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("passes an upgrade through to the route's side and relays data both ways", async () => {
    const result = await upgrade("/static/live");
    expect(result).toEqual({ status: 101, upstream: "catalog", seenPath: "/static/live", echo: "ping" });
  });

  it("sends unmatched upgrades to the default upstream, with the target as sent", async () => {
    expect((await upgrade("//live/./feed")).upstream).toBe("monolith");
    expect((await upgrade("//live/./feed")).seenPath).toBe("//live/./feed");
  });

  it("refuses an upgrade with an ambiguous path", async () => {
    expect((await upgrade("/static/%2e%2e/%2e%2e/live")).status).toBe(400);
  });
});
