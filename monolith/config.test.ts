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
    expect(readConfig({ STRANGLER_DATA_DIR: "/var/lib/shop" }).databasePath).toBe("/var/lib/shop/monolith.sqlite");
  });

  it.each([
    ["MONOLITH_PORT", "eighty"],
    ["MONOLITH_PORT", "70000"],
    ["SHOP_ADMIN_TOKEN", "short"],
    ["LOG_LEVEL", "loud"],
  ])("fails naming %s when it is %j", (variable, value) => {
    expect(() => readConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => readConfig({ [variable]: value })).toThrow(new RegExp(`environment: ${variable}: .*Fix:`));
  });

  it("returns a frozen object", () => {
    expect(Object.isFrozen(readConfig({}))).toBe(true);
  });
});
