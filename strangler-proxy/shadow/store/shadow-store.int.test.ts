import { createLogger } from "../../../platform";
import { tempDir, type TempDir } from "../../../testing";
import { ShadowLedger } from "../shadow-ledger";
import { ShadowStore } from "./shadow-store";

const logger = createLogger({ service: "test", silent: true });
const config = { keepMismatchesPerRoute: 3, storedBodyBytes: 8, flushIntervalMs: 10_000, redactQueryParams: ["token", "password"] };
const answer = (body: string) => ({ status: 200, headers: { "content-type": "application/json" }, body: Buffer.from(body), truncated: false });

let dir: TempDir;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

describe("ShadowStore and ShadowLedger (proxy.sqlite)", () => {
  it("keeps only the newest mismatches per route, with truncated bodies, and counters that survive a reopen", async () => {
    let store = await ShadowStore.open(dir.path, config.keepMismatchesPerRoute);
    let ledger = await ShadowLedger.open(store, config, logger);
    for (let i = 1; i <= 5; i++) {
      ledger.record({
        routeId: "products",
        outcome: "mismatched",
        requestId: `r${i}`,
        method: "GET",
        path: `/products/${i}`,
        differences: [{ path: `$.items[${i}].price`, primary: i, candidate: i + 1 }],
        primary: answer(`{"n":"${"x".repeat(20)}"}`),
        candidate: answer("{}"),
      });
    }
    ledger.record({ routeId: "products", outcome: "matched", requestId: "r6", method: "GET", path: "/products/6" });
    ledger.record({ routeId: "other", outcome: "mismatched", requestId: "o1", method: "GET", path: "/other", differences: [{ path: "status", primary: 200, candidate: 500 }] });
    const report = await ledger.report("products");
    expect(report.recentMismatches.map((m) => m.path)).toEqual(["/products/5", "/products/4", "/products/3"]);
    expect(report.recentMismatches[0].primary).toMatchObject({ status: 200, body: '{"n":"xx', bytes: 28, truncated: true });
    expect(report).toMatchObject({ samples: 6, topDifferingPaths: [{ path: "$.items[*].price", count: 5 }] });
    expect(report.matchRate).toBeCloseTo(1 / 6);
    expect((await ledger.report("other")).recentMismatches).toHaveLength(1);
    await ledger.close();
    await store.close();

    store = await ShadowStore.open(dir.path, config.keepMismatchesPerRoute);
    ledger = await ShadowLedger.open(store, config, logger);
    expect(await ledger.report("products")).toMatchObject({ samples: 6, counters: { matched: 1, mismatched: 5 }, topDifferingPaths: [{ path: "$.items[*].price", count: 5 }] });
    await ledger.reset("products");
    expect(await ledger.report("products")).toMatchObject({ samples: 0, recentMismatches: [], topDifferingPaths: [] });
    await ledger.close();
    await store.close();
  });

  it("stores no cookies, credentials or configured query parameter values", async () => {
    const store = await ShadowStore.open(dir.path, 10);
    const ledger = await ShadowLedger.open(store, { ...config, storedBodyBytes: 4096 }, logger);
    const withSecrets = (body: string) => ({
      status: 200,
      headers: { "content-type": "application/json", "set-cookie": "shop_session=s3cret-cookie; HttpOnly", authorization: "Bearer s3cret-bearer", cookie: "sid=s3cret-sid", location: "/next?token=s3cret-token" },
      body: Buffer.from(body),
      truncated: false,
    });
    ledger.record({
      routeId: "login",
      outcome: "mismatched",
      requestId: "r1",
      method: "GET",
      path: "/products?page=1&token=s3cret-token&Password=s3cret-password",
      differences: [{ path: "header:set-cookie", primary: "shop_session=s3cret-a", candidate: "shop_session=s3cret-b" }],
      primary: withSecrets('{"a":1}'),
      candidate: withSecrets('{"a":2}'),
    });
    ledger.record({ routeId: "login", outcome: "errored", requestId: "r2", method: "GET", path: "/x?token=s3cret-again", primary: withSecrets("{}"), error: "timeout after 5 ms" });
    const [errored, mismatch] = (await ledger.report("login")).recentMismatches;
    expect(mismatch.path).toBe("/products?page=1&token=[redacted]&Password=[redacted]");
    expect(errored.path).toBe("/x?token=[redacted]");
    expect(mismatch.primary).toMatchObject({ headers: { "content-type": "application/json", location: "/next?token=[redacted]" } });
    expect(mismatch.differences).toEqual([{ path: "header:set-cookie", primary: "[redacted]", candidate: "[redacted]" }]);
    await ledger.close();
    await store.close();
    // Nothing of it anywhere in the database file.
    const Database = (await import("better-sqlite3")).default;
    const db = new Database(dir.file("proxy.sqlite"), { readonly: true });
    const dump = JSON.stringify(db.prepare("SELECT * FROM shadow_mismatches").all());
    db.close();
    expect(dump).toContain("[redacted]");
    expect(dump).not.toMatch(/s3cret/);
  });
});
