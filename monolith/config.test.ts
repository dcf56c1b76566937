import { ConfigError } from "../platform";
import { DEV_ADMIN_TOKEN, readConfig } from "./config";

describe("readConfig", () => {
  it("uses port 3001, host 127.0.0.1 and ./.strangler/monolith.sqlite by default", () => {
    const config = readConfig({});
    expect(config).toMatchObject({ port: 3001, host: "127.0.0.1", logLevel: "info" });
    expect(config.databasePath.endsWith("/.strangler/monolith.sqlite")).toBe(true);
  });

  it("falls back to the documented dev admin token and says so", () => {
    expect(readConfig({})).toMatchObject({ adminToken: DEV_ADMIN_TOKEN, adminTokenIsDefault: true });
    expect(readConfig({ SHOP_ADMIN_TOKEN: "a-long-enough-secret" })).toMatchObject({ adminToken: "a-long-enough-secret", adminTokenIsDefault: false });
  });

  it("treats empty variables as unset", () => {
    expect(readConfig({ MONOLITH_PORT: "", SHOP_ADMIN_TOKEN: "" })).toMatchObject({ port: 3001, adminTokenIsDefault: true });
  });

  it("places the database inside STRANGLER_DATA_DIR", () => {
    expect(readConfig({ STRANGLER_DATA_DIR: "/var/lib/shop" })).toMatchObject({ database: "/var/lib/shop/monolith.sqlite", databaseKind: "sqlite", databasePath: "/var/lib/shop/monolith.sqlite" });
  });

  it("uses the PostgreSQL database of MONOLITH_DATABASE_URL instead when it is set", () => {
    const url = "postgres://shop:secret@127.0.0.1:5432/shop";
    expect(readConfig({ MONOLITH_DATABASE_URL: url, STRANGLER_DATA_DIR: "/var/lib/shop" })).toMatchObject({ database: url, databaseKind: "postgres", databasePath: url, dataDir: "/var/lib/shop" });
    expect(readConfig({ MONOLITH_DATABASE_URL: "postgresql://db.internal/shop" }).databaseKind).toBe("postgres");
    expect(readConfig({ MONOLITH_DATABASE_URL: " " }).databaseKind).toBe("sqlite");
  });

  it.each([
    ["MONOLITH_PORT", "eighty"],
    ["MONOLITH_PORT", "70000"],
    ["SHOP_ADMIN_TOKEN", "short"],
    ["LOG_LEVEL", "loud"],
    ["MONOLITH_DATABASE_URL", "mysql://shop@127.0.0.1/shop"],
    ["MONOLITH_DATABASE_URL", "/var/lib/shop/monolith.sqlite"],
  ])("fails naming %s when it is %j", (variable, value) => {
    expect(() => readConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => readConfig({ [variable]: value })).toThrow(new RegExp(`environment: ${variable}: .*Fix:`));
  });

  it("returns a frozen object", () => {
    expect(Object.isFrozen(readConfig({}))).toBe(true);
  });
});
