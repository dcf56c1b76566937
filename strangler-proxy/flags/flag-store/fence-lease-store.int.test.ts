import Database from "better-sqlite3";
import type { Logger } from "../../../platform";
import { tempDir, type TempDir } from "../../../testing";
import { waitUntil } from "../../../testing/proxy";
import { FlagStore } from "./flag-store";

// The flag store keeps fence leases in flags.sqlite and lifts the fences nobody renews: by its timer
// while it runs, and at open for leases that expired while no host ran and for fence flags left on
// without a lease by an older version.
const FENCE = "strangler.route.products-write.fence";

function recordingLogger(): Logger & { warnings: Array<{ message: string; fields: unknown }> } {
  const warnings: Array<{ message: string; fields: unknown }> = [];
  const ignore = () => undefined;
  return { warnings, warn: (message: string, fields: unknown) => warnings.push({ message, fields }), info: ignore, debug: ignore, error: ignore } as unknown as Logger & {
    warnings: typeof warnings;
  };
}

const request = { group: "catalog-writes", routeIds: ["products-write"], actor: "test" };

describe("fence leases in the flag store", () => {
  let dir: TempDir;
  let store: FlagStore | undefined;

  beforeEach(() => {
    dir = tempDir("fence-leases-");
  });

  afterEach(async () => {
    await store?.close();
    store = undefined;
    dir.remove();
  });

  /** Writes rows as an older version, or a host that stopped, left them (the store must be closed). */
  function writeRaw(sql: string, ...params: unknown[]): void {
    const db = new Database(dir.file("flags.sqlite"));
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  }

  it("keeps a lease across a reopen, with its holder, reason and times", async () => {
    store = await FlagStore.open({ dataDir: dir.path, logger: recordingLogger() });
    const outcome = await store.fenceGroup({ ...request, holder: "cutover:1", leaseMs: 120_000, reason: "move writes" });
    expect(outcome).toMatchObject({ fenced: true, renewed: false });
    await store.close();

    store = await FlagStore.open({ dataDir: dir.path, logger: recordingLogger() });
    expect(store.isFenced("products-write")).toBe(true);
    expect(store.leaseOf("catalog-writes")).toEqual(outcome.fenced ? outcome.lease : undefined);
    expect(store.leaseOfRoute("products-write")?.holder).toBe("cutover:1");
  });

  it("lifts at open a lease that expired while no host ran, audited as lease-expiry, with a warning", async () => {
    store = await FlagStore.open({ dataDir: dir.path, logger: recordingLogger() });
    await store.fenceGroup({ ...request, holder: "cutover:gone", leaseMs: 120_000 });
    await store.close();
    store = undefined;
    writeRaw(`UPDATE "fence_leases" SET "expires_at" = ? WHERE "group" = ?`, new Date(Date.now() - 5000).toISOString(), "catalog-writes");

    const logger = recordingLogger();
    store = await FlagStore.open({ dataDir: dir.path, logger });
    expect(store.isFenced("products-write")).toBe(false);
    expect(store.leaseOf("catalog-writes")).toBeUndefined();
    const [entry] = await store.audit({ routeId: "products-write", limit: 1 });
    expect(entry).toMatchObject({ actor: "lease-expiry", fromStage: "fenced", toStage: "open" });
    expect(entry.reason).toMatch(/^lease of cutover:gone expired: held since \S+, not renewed for \d+ ms/);
    expect(logger.warnings.map((w) => w.message)).toEqual(["fence lease expired: the fence is lifted"]);
  });

  it("lifts at open a fence flag left on without a lease (an older version's fence)", async () => {
    store = await FlagStore.open({ dataDir: dir.path, logger: recordingLogger() });
    await store.close();
    store = undefined;
    writeRaw(`INSERT INTO "flags" ("name", "enabled", "rollout", "updated_at") VALUES (?, 1, 100, ?)`, FENCE, new Date().toISOString());

    const logger = recordingLogger();
    store = await FlagStore.open({ dataDir: dir.path, logger });
    expect(store.isFenced("products-write")).toBe(false);
    const [entry] = await store.audit({ routeId: "products-write", limit: 1 });
    expect(entry).toMatchObject({ actor: "lease-expiry", fromStage: "fenced", toStage: "open", reason: expect.stringContaining("without a lease") });
    expect(logger.warnings).toHaveLength(1);
    expect(JSON.parse(store.snapshot().body).features).toEqual([expect.objectContaining({ name: FENCE, enabled: false })]);
  });

  it("lifts a lease nobody renews with its timer, and tells the Unleash clients", async () => {
    const logger = recordingLogger();
    store = await FlagStore.open({ dataDir: dir.path, logger, leaseCheckIntervalMs: 250 });
    const snapshots: string[] = [];
    store.onChange((snapshot) => snapshots.push(snapshot.body));
    await store.fenceGroup({ ...request, holder: "cutover:killed", leaseMs: 1000 });
    const opened = store;
    await waitUntil(() => !opened.isFenced("products-write"), 20_000, 50);
    expect(store.leaseOf("catalog-writes")).toBeUndefined();
    expect(JSON.parse(snapshots[snapshots.length - 1]).features).toEqual([expect.objectContaining({ name: FENCE, enabled: false })]);
    expect(logger.warnings[0]).toMatchObject({ message: "fence lease expired: the fence is lifted", fields: expect.objectContaining({ holder: "cutover:killed" }) });
  }, 30_000);

  it("serialises a renewal and a competing holder: the holder keeps the fence, the other is refused", async () => {
    store = await FlagStore.open({ dataDir: dir.path, logger: recordingLogger() });
    await store.fenceGroup({ ...request, holder: "cutover:1", leaseMs: 60_000 });
    const [renewal, rival] = await Promise.all([
      store.fenceGroup({ ...request, holder: "cutover:1", leaseMs: 60_000 }),
      store.fenceGroup({ ...request, holder: "cutover:2", leaseMs: 60_000 }),
    ]);
    expect(renewal).toMatchObject({ fenced: true, renewed: true });
    expect(rival).toMatchObject({ fenced: false, heldBy: expect.objectContaining({ holder: "cutover:1" }) });
    expect(await store.liftFence({ ...request, holder: "cutover:2" })).toMatchObject({ lifted: false, heldBy: expect.objectContaining({ holder: "cutover:1" }) });
    expect(await store.liftFence({ ...request })).toMatchObject({ lifted: true });
    expect(store.isFenced("products-write")).toBe(false);
  });
});
