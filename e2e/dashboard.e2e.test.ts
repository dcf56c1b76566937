import "reflect-metadata";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { SqlTargetStore, startRelay, type RunningRelay } from "../cdc";
import { catalogMapping } from "../extracted/catalog";
import {
  adminCall,
  catalogChangePosition,
  rawRequest,
  startCatalog,
  startMonolith,
  tempDir,
  testNatsServer,
  waitForCatchUp,
  type RunningCatalog,
  type RunningMonolith,
  type TempDir,
  type TestNatsServer,
} from "../testing";
import { startCatalogProxy, type CatalogProxy } from "../testing/catalog";
import { MONOLITH_SOURCE, backfillService, forwardDurable } from "../service-kit";
import { catalogSync } from "../extracted/catalog";

/** Debian's chromium (`apt-get install -y chromium`; .ci/run installs it when missing). Never a downloaded browser. */
const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(__dirname, "..", "test-artifacts");
const SCREENSHOT = join(ARTIFACTS, "dashboard-sync.png");
/** Generous: a busy 2-core machine, where Chromium alone can take 10 s and more to start. */
const WAIT_MS = 30_000;
const PARKED_KEY = '{"id":900}';

/**
 * The operator page in a real headless Chromium against the real stack (nats-server, seeded
 * monolith, relay, catalog service with sync and its ownership record, proxy on the shipped route
 * table): the operator types the token, sees the routes, moves a read route, watches the traffic
 * chart, the gates, the write groups and the sync panel, and discards a parked change with a reason.
 */
describe("the dashboard in a headless Chromium, against the real stack", () => {
  let dir: TempDir;
  let profile: TempDir;
  let nats: TestNatsServer;
  let shop: RunningMonolith;
  let relay: RunningRelay;
  let catalog: RunningCatalog;
  let proxy: CatalogProxy;
  let context: BrowserContext;
  let page: Page;
  const pageProblems: string[] = [];

  const tokenField = (): Locator => page.getByRole("textbox", { name: /^Admin token/ });
  const route = (id: string): Locator => page.locator(`#routes tr[data-route="${id}"]`);
  const gate = (id: string): Locator => page.locator(`#gates tr[data-route="${id}"]`);
  const chart = (id: string): Locator => page.locator(`#traffic figure[data-route="${id}"]`);
  const parkedRow = (): Locator => page.locator(`#sync-parked tr[data-key='${PARKED_KEY}']`);

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's browser with \`apt-get install -y chromium\` (.ci/run does it when missing)`);
    // The monolith's and the catalog's databases share one data folder, as under `npm start`: the catalog then reports who owns its writes.
    dir = tempDir("dashboard-e2e-");
    nats = await testNatsServer();
    shop = await startMonolith({ dataDir: dir.path, seed: { categories: 3, products: 30, customers: 1, orders: 2 } });
    relay = await startRelay({ db: shop.dataSource, url: nats.url });
    catalog = await startCatalog({ dataDir: dir.path });
    await backfillService(catalogSync, shop.dataSource, catalog.dataSource);
    await catalog.startSync(nats.url);
    await waitForCatchUp(catalog.url, relay.relay, await catalogChangePosition(shop.dataSource));
    proxy = await startCatalogProxy(shop.url, catalog.url);

    profile = tempDir("dashboard-chromium-");
    context = await chromium.launchPersistentContext(profile.path, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
      viewport: { width: 1500, height: 1000 },
      timeout: 60_000,
    });
    context.setDefaultTimeout(WAIT_MS);
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (err) => pageProblems.push(`page error: ${err.message}`));
    // A blocked script, style or call (strict CSP) shows up as a console error; a 404 favicon does not count.
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy|Refused to/i.test(message.text())) pageProblems.push(`console: ${message.text()}`);
    });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    profile?.remove();
    await proxy?.close();
    await catalog?.close();
    await relay?.stop();
    await shop?.close();
    await nats?.close();
    dir?.remove();
  }, 60_000);

  it("takes the typed token and shows every route of the route table, write routes read-only", async () => {
    await page.goto(`${proxy.adminUrl}/dashboard`);
    await tokenField().fill(proxy.adminToken);
    await page.getByRole("button", { name: "Use token" }).click();
    await page.locator("#status", { hasText: "Connected" }).waitFor();
    for (const id of ["catalog-products-read", "catalog-categories-read", "catalog-products-write", "catalog-categories-write"]) await route(id).waitFor();
    await expectText(route("catalog-products-read").locator(".cell-stage"), /^monolith$/);
    // Each route's read-your-writes option (the shipped table leaves it off).
    await expectText(route("catalog-products-read").locator(".cell-ryw"), /^off$/);
    await expectText(route("catalog-products-write"), /moves with: npx strangler cutover catalog-writes --to service\|monolith/);
    expect(await route("catalog-products-write").locator("select").count()).toBe(0);
    // The page keeps the token in the tab's sessionStorage only, and no field still shows it.
    expect(await page.evaluate("[sessionStorage.length, localStorage.length]")).toEqual([1, 0]);
    expect(await tokenField().inputValue()).toBe("");
  }, 60_000);

  it("shows each read route's gate before any move: monolith → shadow is not gated", async () => {
    await expectText(gate("catalog-products-read"), /allowed → shadow \(not gated\)/);
  }, 60_000);

  it("moves a read route to shadow from the page, sees it change, and sees its next move blocked with the failed checks", async () => {
    const row = route("catalog-products-read");
    await row.locator("select[name=stage]").selectOption("shadow");
    await row.locator("input[name=reason]").fill("dashboard e2e");
    await row.getByRole("button", { name: "Set stage" }).click();
    await expectText(row.locator(".message"), /moved: monolith → shadow/);
    await expectText(row.locator(".cell-stage"), /^shadow$/);
    const stored = (await adminCall(proxy, "GET", "/routes/catalog-products-read")).json<{ stage: string }>();
    expect(stored.stage).toBe("shadow");
    await expectText(page.locator("#audit"), /catalog-products-read\s*monolith → shadow\s*dashboard\s*dashboard e2e/);
    await expectText(gate("catalog-products-read"), /blocked → canary 10%/);
    await expectText(gate("catalog-products-read"), /samples: \d+ compared shadow requests \(need 100\)/);
  }, 60_000);

  it("draws the traffic of each route over the last 15 minutes as an SVG chart with the requests on it", async () => {
    // Reads through the proxy: products stay on the monolith (shadow), categories go to the service once moved.
    const categories = route("catalog-categories-read");
    await categories.locator("select[name=stage]").selectOption("service");
    await categories.getByRole("button", { name: "Set stage" }).click();
    await expectText(categories.locator(".cell-stage"), /^service$/);
    for (let i = 1; i <= 12; i++) {
      expect((await rawRequest(proxy.url, { path: `/products/${i}` })).status).toBe(200);
      expect((await rawRequest(proxy.url, { path: `/categories/${(i % 3) + 1}` })).status).toBe(200);
    }
    await expectText(chart("catalog-products-read").locator(".legend-monolith"), /^monolith 12$/);
    await expectText(chart("catalog-categories-read").locator(".legend-service"), /^service 12$/);
    for (const [id, side] of [["catalog-products-read", "monolith"], ["catalog-categories-read", "service"]] as const) {
      const svg = chart(id).locator("svg");
      expect(await svg.getAttribute("viewBox")).toBe("0 0 360 96");
      const d = (await svg.locator(`path.series-${side}`).getAttribute("d")) ?? "";
      expect(d).toMatch(/^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+){89}$/);
      // A point above the baseline (y = 74): the requests are on the picture, not just in the caption.
      expect(d.split(/[ML]/).filter(Boolean).some((point) => Number(point.trim().split(" ")[1]) < 74)).toBe(true);
      expect(await svg.evaluate((node) => node.getBoundingClientRect().height)).toBeGreaterThan(40);
    }
  }, 60_000);

  it("shows who owns the catalog's writes and where the fences are, read-only", async () => {
    const group = page.locator('#write-groups tr[data-group="catalog-writes"]');
    await expectText(group, /catalog\s*monolith \(epoch 0\)\s*none\s*categories, products\s*none\s*no\s*monolith/);
    expect(await group.locator("button, select, input").count()).toBe(0);
  }, 60_000);

  it("shows the sync stream, lists a parked change and discards it with a reason from the page", async () => {
    const stream = page.locator('#sync-streams tr[data-stream="CDC_MONOLITH"]');
    await expectText(stream, /catalog\s*CDC_MONOLITH\s*monolith → catalog\s*running/);
    // A write through the proxy (the monolith owns the writes) reaches the catalog through the stream: its lag is shown.
    const body = JSON.stringify({ name: "Renamed through the proxy" });
    const write = await rawRequest(proxy.url, {
      method: "PATCH",
      path: "/products/2",
      headers: { authorization: `Bearer ${shop.adminToken}`, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) },
      body,
    });
    expect(write.status).toBe(200);
    await expectText(stream.locator("td").nth(3), /^[\d.]+ m?s$/); // lag p50
    await expectText(stream.locator("td").nth(4), /^[\d.]+ m?s$/); // lag p99

    // A change the consumer parked after repeated failures, recorded as the consumer records it.
    const store = new SqlTargetStore({ db: catalog.dataSource, consumer: forwardDurable(catalogSync), source: MONOLITH_SOURCE, mapping: catalogMapping });
    const after = { id: 900, sku: "SKU-900", name: "Parked lamp", description: "", price_cents: 500, category_id: 1, active: 1, created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z" };
    await store.park(
      { kind: "change", id: "monolith:999999", source: "monolith", position: 999999, previousPosition: null, table: "products", op: "insert", key: { id: 900 }, before: null, after, committedAt: after.created_at, origin: "monolith" },
      "mapping failed: disk I/O error",
      8,
      new Date(),
    );
    await expectText(stream.locator("td").last(), /^1$/);
    const row = parkedRow();
    await expectText(row, /catalog\s*monolith\s*999999\s*products\s*\{"id":900\}\s*insert\s*8\s*mapping failed: disk I\/O error/);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator("#sync").screenshot({ path: SCREENSHOT });
    await page.screenshot({ path: join(ARTIFACTS, "dashboard.png"), fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);

    // No reason, no discard: the page says why and calls nothing.
    await row.getByRole("button", { name: "Discard" }).click();
    await expectText(page.locator("#sync-message"), /Type why the change is dropped/);
    expect((await store.listParked()).length).toBe(1);

    await row.getByLabel("Reason").fill("product 900 was deleted in the monolith");
    await row.getByRole("button", { name: "Discard" }).click();
    await expectText(page.locator("#sync-message"), /catalog products \{"id":900\}: discarded 1, still parked 0/);
    await row.waitFor({ state: "detached" });
    await expectText(page.locator("#sync-parked"), /No parked changes\./);
    expect(await store.listParked()).toEqual([]);
  }, 90_000);

  it("ran without a page error or a blocked resource (strict CSP, nothing inline)", () => {
    expect(pageProblems).toEqual([]);
  });
});

/** Waits until the locator's text matches (the page refreshes every 2 s). */
async function expectText(locator: Locator, pattern: RegExp): Promise<void> {
  const started = Date.now();
  let last = "";
  while (Date.now() - started < WAIT_MS) {
    last = ((await locator.first().textContent({ timeout: WAIT_MS }).catch(() => null)) ?? "").replace(/\s+/g, " ").trim();
    if (pattern.test(last)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`text ${pattern} not shown within ${WAIT_MS} ms; last seen: "${last}"`);
}
