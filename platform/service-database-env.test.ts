import { z } from "zod";
import { ConfigError } from "./config-error";
import { envVar, readEnv } from "./env";
import { serviceDatabaseFixes, serviceDatabaseSettings, serviceDatabaseVariable, serviceDatabaseVariables } from "./service-database-env";

/** A service named `billing` (no such folder: the convention holds for any name). */
const schema = z
  .object({ STRANGLER_DATA_DIR: envVar.path("./.strangler"), ...serviceDatabaseVariables("billing") })
  .transform((env) => ({ ...serviceDatabaseSettings("billing", env), url: env.BILLING_DATABASE_URL }));
const read = (env: Record<string, string>) => readEnv(schema, env, serviceDatabaseFixes("billing"));

describe("a service's databases (<NAME>_DATABASE_URL, MONOLITH_DATABASE_URL)", () => {
  it("names the variable after the service", () => {
    expect(serviceDatabaseVariable("orders")).toBe("ORDERS_DATABASE_URL");
    expect(serviceDatabaseVariable("catalog")).toBe("CATALOG_DATABASE_URL");
    expect(() => serviceDatabaseVariable("Bad-Name")).toThrow(/cannot name an environment variable/);
  });

  it("uses <name>.sqlite and monolith.sqlite in the data folder when unset or blank", () => {
    expect(read({ STRANGLER_DATA_DIR: "/data" })).toEqual({ dataDir: "/data", database: "/data/billing.sqlite", monolithDatabase: "/data/monolith.sqlite", url: undefined });
    expect(read({ STRANGLER_DATA_DIR: "/data", BILLING_DATABASE_URL: " ", MONOLITH_DATABASE_URL: "" }).database).toBe("/data/billing.sqlite");
  });

  it("takes a PostgreSQL URL for either, independently", () => {
    const own = "postgresql://billing:secret@db.internal:5432/billing?sslmode=require";
    expect(read({ STRANGLER_DATA_DIR: "/data", BILLING_DATABASE_URL: own })).toMatchObject({ database: own, monolithDatabase: "/data/monolith.sqlite" });
    expect(read({ STRANGLER_DATA_DIR: "/data", MONOLITH_DATABASE_URL: "postgres://shop@db/shop" })).toMatchObject({ database: "/data/billing.sqlite", monolithDatabase: "postgres://shop@db/shop" });
  });

  it.each(["billing.sqlite", "mysql://u:secret-pw@h/db", "postgres:/db.internal/billing"])("refuses BILLING_DATABASE_URL=%s, naming the variable and the fix, never the value", (value) => {
    const bad = () => read({ BILLING_DATABASE_URL: value });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/environment: BILLING_DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL\. Fix: give a PostgreSQL URL.*The billing service's own database on PostgreSQL; unset: the SQLite file billing\.sqlite in STRANGLER_DATA_DIR\./);
    expect(bad).not.toThrow(/secret-pw/);
  });
});
