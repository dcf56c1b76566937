import { createHash } from "node:crypto";
import { WRITE_FENCED_MARK } from "../../platform";
import { pgWriteFenceV1 } from "./pg-write-fence-v1";

// Pins the SQL of the frozen v1 fence: databases that ran it must mean the same forever. If this
// test fails, do not update the expectations: put the change in pg-write-fence-v2.ts.
describe("pgWriteFenceV1 (frozen)", () => {
  it("creates the fence table and the check function in the schema strangler, with the platform's mark", () => {
    const digest = createHash("sha256").update(JSON.stringify([pgWriteFenceV1.createTable(), pgWriteFenceV1.dropTable()])).digest("hex");
    expect(digest).toBe("ce0a113f4b64a3e4f54cadafa349d5acc9d1c41ef7748719676af5a66bd4eac6");
    expect(pgWriteFenceV1.createTable().join("\n")).toContain(`${WRITE_FENCED_MARK}: writes to`);
  });

  it("guards a table with its fence row and one BEFORE statement trigger", () => {
    expect(pgWriteFenceV1.createTriggers("public", "products")).toEqual([
      `INSERT INTO strangler.write_fence (table_name) VALUES ('products') ON CONFLICT (table_name) DO NOTHING`,
      `DROP TRIGGER IF EXISTS strangler_write_fence ON "public"."products"`,
      `CREATE TRIGGER strangler_write_fence BEFORE INSERT OR UPDATE OR DELETE ON "public"."products" FOR EACH STATEMENT EXECUTE FUNCTION strangler.check_write_fence('products')`,
    ]);
    expect(pgWriteFenceV1.dropTriggers("public", "products")).toEqual([
      `DROP TRIGGER IF EXISTS strangler_write_fence ON "public"."products"`,
      `DELETE FROM strangler.write_fence WHERE table_name = 'products'`,
    ]);
  });
});
