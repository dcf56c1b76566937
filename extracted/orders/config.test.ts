import { ConfigError } from "../../platform";
import { readOrdersConfig } from "./config";

describe("orders config", () => {
  it("defaults to port 3003, loopback, ./.strangler/orders.sqlite beside monolith.sqlite, and no sync", () => {
    const config = readOrdersConfig({});
    expect(config.port).toBe(3003);
    expect(config.host).toBe("127.0.0.1");
    expect(config.database).toMatch(/\.strangler\/orders\.sqlite$/);
    expect(config.monolithDatabase).toMatch(/\.strangler\/monolith\.sqlite$/);
    expect(config.natsUrl).toBeNull();
    expect(config.proxyAdmin).toBeNull();
    expect(config.syncJournal).toBe(false);
  });

  it("names the bad variable and the fix", () => {
    expect(() => readOrdersConfig({ ORDERS_PORT: "70000" })).toThrow(ConfigError);
    expect(() => readOrdersConfig({ ORDERS_PORT: "70000" })).toThrow(/ORDERS_PORT.*Fix: set a port/);
    expect(() => readOrdersConfig({ NATS_URL: "http://x" })).toThrow(/NATS_URL/);
    expect(() => readOrdersConfig({ STRANGLER_ADMIN_TOKEN: "short" })).toThrow(/STRANGLER_ADMIN_TOKEN.*Fix: /);
  });

  it("is frozen, treats empty values as unset, and takes 0 as any free port", () => {
    const config = readOrdersConfig({ NATS_URL: "nats://127.0.0.1:4222", ORDERS_PORT: "", STRANGLER_DATA_DIR: "/tmp/x" });
    expect(config.natsUrl).toBe("nats://127.0.0.1:4222");
    expect(config.port).toBe(3003);
    expect(config.database).toBe("/tmp/x/orders.sqlite");
    expect(Object.isFrozen(config)).toBe(true);
    expect(readOrdersConfig({ ORDERS_PORT: "0" }).port).toBe(0);
  });

  it("puts its own database on PostgreSQL with ORDERS_DATABASE_URL, and names the variable and the fix for a bad one (never the value)", () => {
    const url = "postgres://orders:secret@127.0.0.1:5432/orders";
    expect(readOrdersConfig({ ORDERS_DATABASE_URL: url, STRANGLER_DATA_DIR: "/tmp/x" })).toMatchObject({ database: url, monolithDatabase: "/tmp/x/monolith.sqlite", dataDir: "/tmp/x" });
    expect(readOrdersConfig({ ORDERS_DATABASE_URL: "" }).database).toMatch(/\.strangler\/orders\.sqlite$/);
    const bad = () => readOrdersConfig({ ORDERS_DATABASE_URL: "mysql://orders:pw-4711@127.0.0.1/orders" });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/ORDERS_DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL\. Fix: give a PostgreSQL URL.*unset: the SQLite file orders\.sqlite in STRANGLER_DATA_DIR/);
    expect(bad).not.toThrow(/pw-4711/);
  });

  it("hands the keeper the proxy's admin API when STRANGLER_ADMIN_URL is set", () => {
    expect(readOrdersConfig({ STRANGLER_ADMIN_URL: "http://127.0.0.1:8081", STRANGLER_ADMIN_TOKEN: "the-proxy-admin-token" }).proxyAdmin).toEqual({
      url: "http://127.0.0.1:8081",
      token: "the-proxy-admin-token",
    });
  });
});
