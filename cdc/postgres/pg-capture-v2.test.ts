import { createHash } from "node:crypto";
import { pgCaptureV1 } from "./pg-capture-v1";
import { pgCaptureV2, PG_POSITION_BLOCK } from "./pg-capture-v2";

// Pins the SQL of the frozen v2 generator: databases that ran it must mean the same forever. If this
// test fails, do not update the expectations: put the change in pg-capture-v3.ts.
const digest = (statements: string[]): string => createHash("sha256").update(JSON.stringify(statements)).digest("hex");

describe("pgCaptureV2 (frozen)", () => {
  it("creates the log as v2: v1's schema, context table, log table and row function, a block sequence and the block numbering", () => {
    const statements = pgCaptureV2.createLog("monolith");
    const v1 = pgCaptureV1.createLog("monolith");
    expect(statements.slice(0, 5)).toEqual([
      v1[0],
      v1[1],
      `INSERT INTO strangler.capture_context (id, source, capture_version) VALUES (1, 'monolith', 2) ON CONFLICT (id) DO NOTHING`,
      v1[4],
      v1[5],
    ]);
    expect(statements).toContain(v1[6]); // the row trigger function, unchanged
    expect(statements.join("\n")).not.toMatch(/pg_advisory_xact_lock\(/); // no exclusive lock any more
    expect(statements.join("\n")).toMatch(/pg_advisory_xact_lock_shared\(8319393148208571762\)/);
    expect(statements.at(-1)).toBe(
      `CREATE CONSTRAINT TRIGGER number_change_v2 AFTER INSERT ON strangler.changes DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION strangler.number_change_v2()`,
    );
    expect(digest(statements)).toBe("a9771e6474dfa0a538e2b47e5f48e28a7c1d844e2dd94fef4e8e0b283e09c9b5");
  });

  it("upgrades a v1 log under the log's lock, starting the blocks above every v1 position, and downgrades the same way", () => {
    const up = pgCaptureV2.upgradeFromV1();
    expect(up[0]).toBe(`LOCK TABLE strangler.changes IN ACCESS EXCLUSIVE MODE`);
    expect(up).toContain(`DROP TRIGGER IF EXISTS number_change ON strangler.changes`);
    expect(up.at(-1)).toBe(`UPDATE strangler.capture_context SET capture_version = 2 WHERE id = 1`);
    expect(digest(up)).toBe("acc9a73d89200a624ef1aae0e4d49cb5e32e528a05069b6ab0bc3298aa92c1ac");
    const down = pgCaptureV2.downgradeToV1("monolith");
    expect(down[0]).toBe(`LOCK TABLE strangler.changes IN ACCESS EXCLUSIVE MODE`);
    expect(down.at(-1)).toBe(`UPDATE strangler.capture_context SET capture_version = 1 WHERE id = 1`);
    expect(digest(down)).toBe("643ca3be80973cac576e99bc44e24d889e1b945a32708a7f3ba77fe495f1a380");
  });

  it("keeps v1's table triggers and removal, and blocks of 4096 positions that stay below 2^53", () => {
    const shape = { schema: "public", table: "products", primaryKey: ["id"], columns: ["id", "name"], excluded: [] };
    expect(pgCaptureV2.createTriggers(shape, "monolith", false)).toEqual(pgCaptureV1.createTriggers(shape, "monolith", false));
    expect(pgCaptureV2.dropLog()).toEqual([`DROP SCHEMA IF EXISTS strangler CASCADE`]);
    expect(PG_POSITION_BLOCK).toBe(4096);
    expect(pgCaptureV2.createLog("x").join("\n")).toContain(`MAXVALUE ${2 ** 41 - 1}`);
    expect((2 ** 41 - 1 + 1) * PG_POSITION_BLOCK - 1).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
  });
});
