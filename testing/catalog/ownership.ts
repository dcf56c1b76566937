import type { DataSource, EntityManager } from "typeorm";
import { liftWriteFence, OwnershipKeeper, setCaptureOrigin, setWriteFence, WriteGroup, type Owner } from "../../cdc";
import { MOVED_TABLES, WRITE_GROUP } from "../../extracted/catalog";
import { openMonolithTarget, serviceWritePath } from "../../service-kit";
import { catalogSync } from "../../extracted/catalog";

/**
 * Runs `work` in one catalog (or monolith) transaction marked as a sync writer's (capture origin
 * `origin`): it passes a write fence and is not captured by a service database's local-only
 * capture. How a test applies a mapping by hand, or corrupts a copy as a stray writer would.
 */
export function writeAsSync<T>(db: DataSource, work: (tx: EntityManager) => Promise<T>, origin = "test"): Promise<T> {
  return db.transaction(async (tx) => {
    await setCaptureOrigin(tx, origin);
    const result = await work(tx);
    await setCaptureOrigin(tx, null);
    return result;
  });
}

/**
 * Makes `owner` the owner of `catalog-writes` without a cut-over, for tests of what happens once a
 * side owns the writes (a cut-over test uses the real `strangler cutover`). With the monolith's
 * database (opened with `openMonolithTarget`), both sides' fences are settled as the service's keeper
 * would; without it, only the catalog's. A PostgreSQL monolith's write path also wants its relay's
 * progress file (`monolithRelayProgressFile`), as the service passes it.
 */
export async function setCatalogOwner(catalog: DataSource, owner: Owner, monolith?: DataSource, monolithRelayProgress?: string): Promise<void> {
  await catalog.query(`INSERT INTO "_strangler_ownership" ("write_group", "owner", "epoch", "changed_at", "reason") VALUES (?, ?, 1, ?, 'test') ON CONFLICT ("write_group") DO UPDATE SET "owner" = excluded."owner", "epoch" = "_strangler_ownership"."epoch" + 1`, [
    WRITE_GROUP,
    owner,
    new Date().toISOString(),
  ]);
  if (monolith) {
    await new OwnershipKeeper(new WriteGroup(serviceWritePath(catalogSync, monolith, catalog, undefined, { monolithRelayProgress }))).tick();
    return;
  }
  if (owner === "service") await liftWriteFence(catalog, MOVED_TABLES);
  else await setWriteFence(catalog, MOVED_TABLES, "test: the monolith owns catalog-writes");
}
