import { ConfigError } from "../../platform";
import { readCatalogConfig } from "./config";

describe("catalog config", () => {
  it("defaults to port 3002, loopback, ./.strangler/catalog.sqlite and no sync", () => {
    const config = readCatalogConfig({});
    expect(config.port).toBe(3002);
    expect(config.host).toBe("127.0.0.1");
    expect(config.database).toMatch(/\.strangler\/catalog\.sqlite$/);
    expect(config.monolithDatabase).toMatch(/\.strangler\/monolith\.sqlite$/);
    expect(config.natsUrl).toBeNull();
  });

  it("names the bad variable and the fix", () => {
    expect(() => readCatalogConfig({ CATALOG_PORT: "70000" })).toThrow(ConfigError);
    expect(() => readCatalogConfig({ CATALOG_PORT: "70000" })).toThrow(/CATALOG_PORT.*Fix: set a port/);
    expect(() => readCatalogConfig({ NATS_URL: "http://x" })).toThrow(/NATS_URL/);
  });

  it("is frozen and treats empty values as unset", () => {
    const config = readCatalogConfig({ NATS_URL: "nats://127.0.0.1:4222", CATALOG_PORT: "" });
    expect(config.natsUrl).toBe("nats://127.0.0.1:4222");
    expect(config.port).toBe(3002);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("takes the monolith's admin token, with the same development default when unset", () => {
    expect(readCatalogConfig({}).adminToken).toBe("dev-shop-admin-token");
    expect(readCatalogConfig({}).adminTokenIsDefault).toBe(true);
    expect(readCatalogConfig({ SHOP_ADMIN_TOKEN: "a-long-shared-admin-token" }).adminToken).toBe("a-long-shared-admin-token");
    expect(() => readCatalogConfig({ SHOP_ADMIN_TOKEN: "short" })).toThrow(/SHOP_ADMIN_TOKEN/);
  });

  it("guards /metrics with STRANGLER_METRICS_TOKEN, else the proxy's admin token, else nothing", () => {
    expect(readCatalogConfig({}).metricsToken).toBeNull();
    expect(readCatalogConfig({ STRANGLER_ADMIN_TOKEN: "the-proxy-admin-token" }).metricsToken).toBe("the-proxy-admin-token");
    expect(readCatalogConfig({ STRANGLER_ADMIN_TOKEN: "the-proxy-admin-token", STRANGLER_METRICS_TOKEN: "a-scrape-only-token" }).metricsToken).toBe("a-scrape-only-token");
    expect(() => readCatalogConfig({ STRANGLER_METRICS_TOKEN: "short" })).toThrow(/STRANGLER_METRICS_TOKEN.*Fix: /);
  });
});
