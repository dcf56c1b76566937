import { request } from "node:http";
import { adminCall, startProxy, startTestUpstream, tempDir, type StartedProxy, type TempDir, type TestUpstream } from "../testing";

let monolith: TestUpstream;
let catalog: TestUpstream;
let proxy: StartedProxy;
let dir: TempDir;

beforeAll(async () => {
  [monolith, catalog] = await Promise.all([startTestUpstream("monolith"), startTestUpstream("catalog")]);
  dir = tempDir();
  proxy = await startProxy({
    dataDir: dir.path,
    config: {
      upstreams: [
        { name: "monolith", url: monolith.url, default: true },
        { name: "catalog", url: catalog.url },
      ],
      routes: [
        { id: "live", paths: ["/live"], upstream: "catalog", stage: "service" },
        { id: "feed", paths: ["/feed"], upstream: "catalog", stage: "monolith" },
      ],
    },
  });
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all([monolith, catalog].map((upstream) => upstream?.close()));
  dir?.remove();
});

/** Sends an upgrade and resolves with the status the client saw (101 once upgraded). */
function upgrade(path: string): Promise<number> {
  const { hostname, port } = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, agent: false, headers: { connection: "Upgrade", upgrade: "websocket" } });
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

const sample = (text: string, labels: string): number => Number(new RegExp(`^strangler_proxy_websocket_upgrades_total\\{${labels}\\} (\\d+)$`, "m").exec(text)?.[1] ?? 0);

describe("websocket upgrades in the proxy's metrics", () => {
  it("counts each upgrade by route, side and outcome", async () => {
    expect(await upgrade("/live")).toBe(101);
    expect(await upgrade("/live")).toBe(101);
    expect(await upgrade("/feed")).toBe(101);
    expect(await upgrade("/elsewhere")).toBe(101);
    expect(await upgrade("/live/%2e%2e/%2e%2e/x")).toBe(400);

    const answer = await adminCall(proxy, "GET", "/metrics");
    expect(answer.status).toBe(200);
    expect(sample(answer.body, 'route="live",side="service",outcome="forwarded"')).toBe(2);
    expect(sample(answer.body, 'route="feed",side="monolith",outcome="forwarded"')).toBe(1);
    expect(sample(answer.body, 'route="\\(default\\)",side="monolith",outcome="forwarded"')).toBe(1);
    expect(sample(answer.body, 'route="\\(rejected\\)",side="none",outcome="rejected"')).toBe(1);
  });

  it("serves them only with the admin token, like every proxy metric", async () => {
    expect((await adminCall(proxy, "GET", "/metrics", undefined, null)).status).toBe(401);
  });
});
