import { join, resolve } from "node:path";
import { readRelayConfig } from "./relay-config";

describe("the relay process's configuration", () => {
  it("needs only NATS_URL and takes defaults for the rest", () => {
    expect(readRelayConfig({ NATS_URL: "nats://127.0.0.1:4222" })).toEqual({
      dataDir: resolve("./.strangler"),
      database: join(resolve("./.strangler"), "monolith.sqlite"),
      progressFile: join(resolve("./.strangler"), "monolith.strangler.sqlite"),
      natsUrl: "nats://127.0.0.1:4222",
      logLevel: "info",
      retentionMs: 86_400_000,
      pruneWhenIdleMs: 2000,
      pruneForceAbove: Number.POSITIVE_INFINITY,
      metrics: null,
    });
  });

  it("prunes while the monolith writes only when STRANGLER_RELAY_PRUNE_FORCE_ABOVE asks for it, and refuses a bad value", () => {
    expect(readRelayConfig({ NATS_URL: "nats://127.0.0.1:4222", STRANGLER_RELAY_PRUNE_FORCE_ABOVE: "1000000" }).pruneForceAbove).toBe(1_000_000);
    expect(() => readRelayConfig({ NATS_URL: "nats://127.0.0.1:4222", STRANGLER_RELAY_PRUNE_FORCE_ABOVE: "lots" })).toThrow(/STRANGLER_RELAY_PRUNE_FORCE_ABOVE/);
  });

  it("opens a metrics listener only when RELAY_METRICS_PORT is set, guarded by the metrics token or else the admin token", () => {
    const nats = { NATS_URL: "nats://127.0.0.1:4222" };
    expect(readRelayConfig({ ...nats, RELAY_METRICS_PORT: "off", STRANGLER_ADMIN_TOKEN: "the-proxy-admin-token" }).metrics).toBeNull();
    expect(readRelayConfig({ ...nats, RELAY_METRICS_PORT: "8082", STRANGLER_ADMIN_TOKEN: "the-proxy-admin-token" }).metrics).toEqual({ port: 8082, host: "127.0.0.1", token: "the-proxy-admin-token" });
    expect(readRelayConfig({ ...nats, RELAY_METRICS_PORT: "0", RELAY_METRICS_HOST: "0.0.0.0", STRANGLER_ADMIN_TOKEN: "the-proxy-admin-token", STRANGLER_METRICS_TOKEN: "a-scrape-only-token" }).metrics).toEqual({
      port: 0,
      host: "0.0.0.0",
      token: "a-scrape-only-token",
    });
  });

  it("reads every variable, empty ones counting as unset", () => {
    const config = readRelayConfig({ NATS_URL: "tls://nats:4222", STRANGLER_DATA_DIR: "/srv/data", LOG_LEVEL: "debug", STRANGLER_RELAY_RETENTION_MS: "3600000", STRANGLER_RELAY_PRUNE_IDLE_MS: "" });
    expect(config).toMatchObject({ database: "/srv/data/monolith.sqlite", logLevel: "debug", retentionMs: 3_600_000, pruneWhenIdleMs: 2000 });
  });

  it("reads a cluster's servers in NATS_URL and the stream's replicas in NATS_REPLICAS (unset: chosen by the cluster)", () => {
    const config = readRelayConfig({ NATS_URL: "nats://127.0.0.1:4222, nats://127.0.0.1:4223,nats://127.0.0.1:4224", NATS_REPLICAS: "3" });
    expect(config).toMatchObject({ natsUrl: "nats://127.0.0.1:4222,nats://127.0.0.1:4223,nats://127.0.0.1:4224", natsReplicas: 3 });
    expect(readRelayConfig({ NATS_URL: "nats://127.0.0.1:4222", NATS_REPLICAS: "" }).natsReplicas).toBeUndefined();
    expect(() => readRelayConfig({ NATS_URL: "nats://127.0.0.1:4222", NATS_REPLICAS: "7" })).toThrow(/NATS_REPLICAS: must be a whole number of replicas from 1 to 5\. Fix: /);
  });

  it.each([
    [{}, "NATS_URL: is required"],
    [{ NATS_URL: "127.0.0.1:4222" }, "NATS_URL: must be a nats:// or tls:// URL"],
    [{ NATS_URL: "nats://x", STRANGLER_RELAY_RETENTION_MS: "a day" }, "STRANGLER_RELAY_RETENTION_MS"],
    [{ NATS_URL: "nats://x", STRANGLER_RELAY_PRUNE_IDLE_MS: "-5" }, "STRANGLER_RELAY_PRUNE_IDLE_MS: must be 0 or more"],
    [{ NATS_URL: "nats://x", LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ NATS_URL: "nats://x", RELAY_METRICS_PORT: "on", STRANGLER_ADMIN_TOKEN: "the-proxy-admin-token" }, "RELAY_METRICS_PORT"],
    [{ NATS_URL: "nats://x", RELAY_METRICS_PORT: "70000", STRANGLER_ADMIN_TOKEN: "the-proxy-admin-token" }, "RELAY_METRICS_PORT"],
    [{ NATS_URL: "nats://x", RELAY_METRICS_PORT: "8082" }, "STRANGLER_METRICS_TOKEN: is required when RELAY_METRICS_PORT is set"],
    [{ NATS_URL: "nats://x", RELAY_METRICS_PORT: "8082", STRANGLER_METRICS_TOKEN: "short" }, "STRANGLER_METRICS_TOKEN: must be at least 16"],
  ])("refuses %j, naming the variable and the fix", (env, message) => {
    expect(() => readRelayConfig(env)).toThrow(expect.objectContaining({ code: "CONFIG_ERR_INVALID", message: expect.stringMatching(new RegExp(`${message}.*Fix: `)) }));
  });
});
