import { startMonolith, type RunningMonolith } from "../testing/monolith";
import { startProxy, type StartedProxy } from "../testing/proxy";
import { describeShopRegression } from "../testing/regression";
import { tempDir, type TempDir } from "../testing";
import { readFileSync } from "node:fs";
import { join } from "node:path";

// The shipped route table with every route on `monolith`: the shop's own regression suite must pass
// through the proxy exactly as it passes against the monolith directly.
let monolith: RunningMonolith;
let proxy: StartedProxy;
let dir: TempDir;

beforeAll(async () => {
  monolith = await startMonolith();
  dir = tempDir();
  const shipped = JSON.parse(readFileSync(join(__dirname, "../strangler.config.json"), "utf8"));
  shipped.upstreams = shipped.upstreams.map((u: { name: string }) => (u.name === "monolith" ? { ...u, url: monolith.url } : { ...u, url: "http://127.0.0.1:9" }));
  proxy = await startProxy({ config: shipped, dataDir: dir.path });
});

afterAll(async () => {
  await proxy?.close();
  await monolith?.close();
  dir?.remove();
});

describe("the monolith behind the strangler proxy (all routes on monolith)", () => {
  describeShopRegression(() => ({ baseUrl: proxy.url, adminToken: monolith.adminToken }));
});
