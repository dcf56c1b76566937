import { startMonolith, tempDir, type RunningMonolith, type TempDir } from "../../testing";
import { adminCall, rawRequest, startProxy, startTestUpstream, waitUntil, type StartedProxy, type TestUpstream } from "../../testing/proxy";
import { startUnleash, UnleashAdmin, type RunningUnleash } from "../../testing/unleash";
import { routeFlagName } from "./flag-names";

// A team's own Unleash (unleash-server 7 on PostgreSQL), read by URL and client token alone.
// Unleash has no streaming client API: flips arrive by polling (the server's revision check and the
// proxy's poll, 1 s each), so each flip is awaited as a condition with a few seconds of headroom.
const FLIP_TIMEOUT_MS = 10_000;
const ROUTE = "products-read";
const FLAG = routeFlagName(ROUTE);
const USERS = Array.from({ length: 40 }, (_, i) => `user-${i + 1}`);

let unleash: RunningUnleash;
let admin: UnleashAdmin;
let monolith: RunningMonolith;
let catalog: TestUpstream;
let dataDir: TempDir;
let proxy: StartedProxy;
const flipLatencies: Array<{ flip: string; ms: number }> = [];
let onServiceAt50: string[] = [];

type Side = "monolith" | "service";

async function sideFor(userId: string): Promise<Side> {
  const res = await rawRequest(proxy.url, { path: "/products/1", headers: { "x-user-id": userId } });
  if (res.headers["x-upstream"] === "catalog") return "service";
  // The real monolith answers with its own product, not an echo.
  expect(res.status).toBe(200);
  expect(res.json<{ id: number }>().id).toBe(1);
  return "monolith";
}

const sidesOf = (users: string[]) => Promise.all(users.map(sideFor));

/** Makes a change through the Unleash admin API and waits until the proxy routes the new way; records how long that took. */
async function flip(name: string, change: () => Promise<void>, routedTheNewWay: () => Promise<boolean>): Promise<void> {
  await change();
  const ms = await waitUntil(routedTheNewWay, FLIP_TIMEOUT_MS, 10);
  flipLatencies.push({ flip: name, ms });
}

/** A proxy instance that knows Unleash only by URL and client token. */
function startReadingProxy(): Promise<StartedProxy> {
  return startProxy({
    config: {
      upstreams: [
        { name: "monolith", url: monolith.url, default: true },
        { name: "catalog", url: catalog.url },
      ],
      routes: [{ id: ROUTE, methods: ["GET"], paths: ["/products/:id"], upstream: "catalog" }],
      stickiness: { header: "x-user-id" },
      flags: { refreshIntervalMs: 1000, readyTimeoutMs: 10_000, requestTimeoutMs: 1000 },
    },
    dataDir: dataDir.path,
    flagsUrl: unleash.apiUrl,
    flagsToken: unleash.clientToken,
    instance: "real-unleash",
  });
}

beforeAll(async () => {
  // Fails with what to do when unleash-server cannot be installed or PostgreSQL is unreachable.
  unleash = await startUnleash();
  admin = new UnleashAdmin(unleash);
  await admin.createRolloutFlag(FLAG, 100);
  [monolith, catalog] = await Promise.all([startMonolith({ seed: { categories: 2, products: 3, customers: 1, orders: 0 } }), startTestUpstream("catalog")]);
  dataDir = tempDir("strangler-real-unleash-");
  proxy = await startReadingProxy();
}, 180_000);

afterAll(async () => {
  await proxy?.close();
  await unleash?.stop();
  await Promise.all([monolith?.close(), catalog?.close()]);
  dataDir?.remove();
  if (flipLatencies.length) {
    console.log(
      `Flip latency with a real Unleash (unleash-server 7.5.1, proxy polling every 1000 ms), admin API call returned → first request routed the new way:\n` +
        flipLatencies.map((f) => `  ${f.flip.padEnd(28)} ${String(f.ms).padStart(5)} ms`).join("\n"),
    );
  }
});

describe("the proxy reading flags from a real Unleash server by URL and client token", () => {
  it("loads the flag from Unleash and routes to the monolith while it is off", async () => {
    const view = (await adminCall(proxy, "GET", "/routes")).json<{ flagsReady: boolean; routes: Array<{ id: string; stage: string; flag: string }> }>();
    expect(view.flagsReady).toBe(true);
    expect(view.routes).toEqual([expect.objectContaining({ id: ROUTE, stage: "monolith", flag: FLAG })]);
    expect(new Set(await sidesOf(USERS))).toEqual(new Set(["monolith"]));
  });

  it("routes every user to the service once the flag is enabled at 100% in Unleash", async () => {
    await flip("off → on at 100%", () => admin.enable(FLAG), async () => (await sideFor("user-1")) === "service");
    expect(new Set(await sidesOf(USERS))).toEqual(new Set(["service"]));
    expect((await adminCall(proxy, "GET", `/routes/${ROUTE}`)).json()).toMatchObject({ stage: "service", percent: 100 });
  }, 20_000);

  it("at 50% keeps each user on one side across requests, splits the users, and agrees with Unleash's own evaluation", async () => {
    await flip("rollout 100% → 50%", () => admin.setRollout(FLAG, 50), async () => (await sidesOf(USERS)).includes("monolith"));
    await waitUntil(async () => (await adminCall(proxy, "GET", `/routes/${ROUTE}`)).json<{ percent: number }>().percent === 50, FLIP_TIMEOUT_MS, 20);

    const rounds = [await sidesOf(USERS), await sidesOf(USERS), await sidesOf(USERS)];
    expect(rounds[1]).toEqual(rounds[0]);
    expect(rounds[2]).toEqual(rounds[0]);
    const onService = rounds[0].filter((side) => side === "service").length;
    expect(onService).toBeGreaterThan(0);
    expect(onService).toBeLessThan(USERS.length);
    onServiceAt50 = USERS.filter((_, i) => rounds[0][i] === "service");

    const unleashSays = await Promise.all(USERS.map((user) => admin.evaluate(FLAG, user)));
    expect(rounds[0]).toEqual(unleashSays.map((enabled): Side => (enabled ? "service" : "monolith")));
  }, 30_000);

  it("routes every user back to the monolith once the flag is disabled in Unleash", async () => {
    expect(onServiceAt50.length).toBeGreaterThan(0);
    await flip("on at 50% → off", () => admin.disable(FLAG), async () => !(await sidesOf(onServiceAt50)).includes("service"));
    expect(new Set(await sidesOf(USERS))).toEqual(new Set(["monolith"]));
  }, 20_000);

  it("keeps routing by the last known flags while Unleash is down", async () => {
    await admin.setRollout(FLAG, 100);
    await flip("off → on at 100% (again)", () => admin.enable(FLAG), async () => !(await sidesOf(USERS)).includes("monolith"));

    await unleash.kill();
    expect(unleash.running).toBe(false);
    // Once unleash-client has given up its retries, readyz names the unreachable source and stays ready; routing is unchanged.
    await waitUntil(async () => Boolean((await adminCall(proxy, "GET", "/readyz")).json<{ flagSourceError?: unknown }>().flagSourceError), 15_000, 50);
    expect((await adminCall(proxy, "GET", "/readyz")).status).toBe(200);
    expect(new Set(await sidesOf(USERS))).toEqual(new Set(["service"]));
    expect((await adminCall(proxy, "GET", `/routes/${ROUTE}`)).json()).toMatchObject({ stage: "service", percent: 100 });
  }, 30_000);

  it("routes by the flags saved in its backup file when restarted while Unleash is down", async () => {
    expect(unleash.running).toBe(false);
    await proxy.close();
    proxy = await startReadingProxy();
    expect(new Set(await sidesOf(USERS))).toEqual(new Set(["service"]));
  }, 30_000);
});
