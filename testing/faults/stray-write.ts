import Database from "better-sqlite3";
import type { FaultStack } from "./fault-stack";
import type { Owner } from "./settled-check";

/**
 * A write into the non-owner's database that bypasses its write fence, as a careless script would:
 * the capture origin is set to the other side's name in the same transaction (what only sync may
 * do), so the fence lets it through and the change does not travel. Leaves drift for
 * `verify --repair`, which must copy the owner's row back.
 */
export function strayWrite(stack: FaultStack, nonOwner: Owner, legacyProductId: number, name: string): void {
  const file = stack.file(nonOwner === "monolith" ? "monolith.sqlite" : "catalog.sqlite");
  const origin = nonOwner === "monolith" ? "catalog" : "monolith";
  const keyColumn = nonOwner === "monolith" ? "id" : "legacy_id";
  const db = new Database(file);
  try {
    db.pragma("busy_timeout = 5000");
    const write = db.transaction(() => {
      db.prepare(`UPDATE "_strangler_capture_context" SET "origin" = ? WHERE "id" = 1`).run(origin);
      const changed = db.prepare(`UPDATE "products" SET "name" = ? WHERE "${keyColumn}" = ?`).run(name, legacyProductId).changes;
      db.prepare(`UPDATE "_strangler_capture_context" SET "origin" = NULL WHERE "id" = 1`).run();
      if (changed !== 1) throw new Error(`stray write: product ${legacyProductId} not found in ${file}`);
    });
    write.immediate();
  } finally {
    db.close();
  }
}

/** A product's name on each side (null: no such row), read straight from the files. */
export function productNames(stack: FaultStack, legacyProductId: number): { monolith: string | null; service: string | null } {
  const read = (file: string, keyColumn: string): string | null => {
    const db = new Database(stack.file(file), { readonly: true });
    try {
      db.pragma("busy_timeout = 5000");
      const row = db.prepare(`SELECT "name" FROM "products" WHERE "${keyColumn}" = ?`).get(legacyProductId) as { name: string } | undefined;
      return row?.name ?? null;
    } finally {
      db.close();
    }
  };
  return { monolith: read("monolith.sqlite", "id"), service: read("catalog.sqlite", "legacy_id") };
}
