import { WRITE_FENCED_MARK } from "../../platform";
import { withDirectDatabase, type DirectRun } from "./direct-database";
import type { FaultStack } from "./fault-stack";
import type { Owner } from "./settled-check";

/** Where a side keeps the catalog's rows, and the column of the legacy id there. */
function sideOf(stack: FaultStack, side: Owner): { where: string; keyColumn: string } {
  return side === "monolith" ? { where: stack.monolithDatabase, keyColumn: "id" } : { where: stack.catalogDatabase, keyColumn: "legacy_id" };
}

/** Marks the transaction as sync's from `origin` (what only a sync applier may do): SQLite's capture context row, PostgreSQL's `strangler.origin`. */
async function setOrigin(run: DirectRun, dialect: "sqlite" | "postgres", origin: string | null): Promise<void> {
  if (dialect === "postgres") await run(`SELECT set_config('strangler.origin', ?, true)`, [origin ?? ""]);
  else await run(`UPDATE "_strangler_capture_context" SET "origin" = ? WHERE "id" = 1`, [origin]);
}

/** What became of the plain write tried first. */
export interface StrayWrite {
  /** Null when the non-owner's fence refused the plain write, as it must; else what happened. */
  notRefused: string | null;
}

class RolledBack extends Error {}

/**
 * A write into the non-owner's database, as a careless script would make it, on either dialect of
 * the monolith (its SQLite file, or its PostgreSQL database) and on the catalog's file. First a
 * plain `UPDATE`, which the non-owner's write fence must refuse (rolled back whatever happens);
 * then the same `UPDATE` bypassing the fence: the capture origin is set to the other side's name in
 * the same transaction (what only sync may do), so the fence lets it through and the change does
 * not travel. Leaves drift for `verify --repair`, which must copy the owner's row back.
 */
export async function strayWrite(stack: FaultStack, nonOwner: Owner, legacyProductId: number, name: string): Promise<StrayWrite> {
  const { where, keyColumn } = sideOf(stack, nonOwner);
  const origin = nonOwner === "monolith" ? "catalog" : "monolith";
  const update = `UPDATE "products" SET "name" = ? WHERE "${keyColumn}" = ?`;
  return withDirectDatabase(where, async (db) => {
    let notRefused: string | null = null;
    try {
      await db.transaction(async (run) => {
        const changed = (await run(update, [name, legacyProductId])).changes;
        throw new RolledBack(`changed ${changed} row(s)`);
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof RolledBack) notRefused = `the plain write went through (${message}; rolled back)`;
      else if (!message.includes(WRITE_FENCED_MARK)) notRefused = `the plain write failed otherwise: ${message.slice(0, 300)}`;
    }
    await db.transaction(async (run) => {
      await setOrigin(run, db.dialect, origin);
      const changed = (await run(update, [name, legacyProductId])).changes;
      await setOrigin(run, db.dialect, null);
      if (changed !== 1) throw new Error(`stray write: product ${legacyProductId} not found in ${nonOwner === "monolith" ? "the monolith's database" : where}`);
    });
    return { notRefused };
  });
}

/** A product's name on each side (null: no such row), read straight from the databases. */
export async function productNames(stack: FaultStack, legacyProductId: number): Promise<{ monolith: string | null; service: string | null }> {
  const read = ({ where, keyColumn }: { where: string; keyColumn: string }) =>
    withDirectDatabase(
      where,
      async (db) => {
        const { rows } = await db.run(`SELECT "name" FROM "products" WHERE "${keyColumn}" = ?`, [legacyProductId]);
        return rows.length === 0 ? null : String(rows[0].name);
      },
      { readonly: true },
    );
  return { monolith: await read(sideOf(stack, "monolith")), service: await read(sideOf(stack, "service")) };
}
