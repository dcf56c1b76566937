import { createHash } from "node:crypto";
import { pgCaptureV1 } from "./pg-capture-v1";

// Pins the SQL of the frozen v1 generator: databases that ran it must mean the same forever. If this
// test fails, do not update the expectations: put the change in pg-capture-v2.ts.
const digest = (statements: string[]): string => createHash("sha256").update(JSON.stringify(statements)).digest("hex");

describe("pgCaptureV1 (frozen)", () => {
  const shape = { schema: "public", table: "products", primaryKey: ["id"], columns: ["id", "name"], excluded: [] };

  it("creates the log, the position sequence, the context row and the functions, all in the schema strangler", () => {
    const statements = pgCaptureV1.createLog("monolith");
    expect(statements.slice(0, 3)).toEqual([
      `CREATE SCHEMA IF NOT EXISTS strangler`,
      `CREATE TABLE IF NOT EXISTS strangler.capture_context (id integer PRIMARY KEY CHECK (id = 1), source text NOT NULL, capture_version integer NOT NULL)`,
      `INSERT INTO strangler.capture_context (id, source, capture_version) VALUES (1, 'monolith', 1) ON CONFLICT (id) DO NOTHING`,
    ]);
    expect(statements.at(-1)).toBe(
      `CREATE CONSTRAINT TRIGGER number_change AFTER INSERT ON strangler.changes DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION strangler.number_change()`,
    );
    expect(digest(statements)).toBe("e0aea46854f562cbbed46256b31a37f2ae8dc89142147711424c8d977955631e");
  });

  it("puts one capture trigger and one TRUNCATE refusal on a table, named by the frozen names", () => {
    expect(pgCaptureV1.createTriggers(shape, "monolith", false)).toEqual([
      `DROP TRIGGER IF EXISTS strangler_capture ON "public"."products"`,
      `DROP TRIGGER IF EXISTS strangler_capture_truncate ON "public"."products"`,
      `CREATE TRIGGER strangler_capture AFTER INSERT OR UPDATE OR DELETE ON "public"."products" FOR EACH ROW EXECUTE FUNCTION strangler.capture_row('{"id"}', '{}', 'false', 'monolith')`,
      `CREATE TRIGGER strangler_capture_truncate BEFORE TRUNCATE ON "public"."products" FOR EACH STATEMENT EXECUTE FUNCTION strangler.refuse_truncate()`,
    ]);
  });

  it("limits the update trigger to the carried columns when some are excluded, and passes local-only", () => {
    const lines = { schema: "shop", table: "order lines", primaryKey: ["order_id", "line_no"], columns: ["order_id", "line_no", "qty"], excluded: ["note"] };
    expect(pgCaptureV1.createTriggers(lines, "catalog", true)[2]).toBe(
      `CREATE TRIGGER strangler_capture AFTER INSERT OR UPDATE OF "order_id", "line_no", "qty" OR DELETE ON "shop"."order lines" FOR EACH ROW EXECUTE FUNCTION strangler.capture_row('{"order_id","line_no"}', '{"note"}', 'true', 'catalog')`,
    );
  });

  it("quotes names and the source safely", () => {
    const odd = { schema: "public", table: `we"ird`, primaryKey: [`k"ey`], columns: [`k"ey`], excluded: [] };
    expect(pgCaptureV1.createTriggers(odd, "it's", false)[2]).toBe(
      `CREATE TRIGGER strangler_capture AFTER INSERT OR UPDATE OR DELETE ON "public"."we""ird" FOR EACH ROW EXECUTE FUNCTION strangler.capture_row('{"k\\"ey"}', '{}', 'false', 'it''s')`,
    );
  });

  it("removes every trace: the triggers by name, then the schema", () => {
    expect(pgCaptureV1.dropTriggers("public", "products")).toEqual([
      `DROP TRIGGER IF EXISTS strangler_capture ON "public"."products"`,
      `DROP TRIGGER IF EXISTS strangler_capture_truncate ON "public"."products"`,
    ]);
    expect(pgCaptureV1.dropLog()).toEqual([`DROP SCHEMA IF EXISTS strangler CASCADE`]);
  });
});
