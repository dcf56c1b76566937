import { join, resolve } from "node:path";
import { readRelayConfig } from "./relay-config";

describe("the relay process's configuration", () => {
  it("needs only NATS_URL and takes defaults for the rest", () => {
    expect(readRelayConfig({ NATS_URL: "nats://127.0.0.1:4222" })).toEqual({
      dataDir: resolve("./.strangler"),
      databasePath: join(resolve("./.strangler"), "monolith.sqlite"),
      natsUrl: "nats://127.0.0.1:4222",
      logLevel: "info",
      retentionMs: 86_400_000,
      pruneWhenIdleMs: 2000,
    });
  });

  it("reads every variable, empty ones counting as unset", () => {
    const config = readRelayConfig({ NATS_URL: "tls://nats:4222", STRANGLER_DATA_DIR: "/srv/data", LOG_LEVEL: "debug", STRANGLER_RELAY_RETENTION_MS: "3600000", STRANGLER_RELAY_PRUNE_IDLE_MS: "" });
    expect(config).toMatchObject({ databasePath: "/srv/data/monolith.sqlite", logLevel: "debug", retentionMs: 3_600_000, pruneWhenIdleMs: 2000 });
  });

  it.each([
    [{}, "NATS_URL: is required"],
    [{ NATS_URL: "127.0.0.1:4222" }, "NATS_URL: must be a nats:// or tls:// URL"],
    [{ NATS_URL: "nats://x", STRANGLER_RELAY_RETENTION_MS: "a day" }, "STRANGLER_RELAY_RETENTION_MS"],
    [{ NATS_URL: "nats://x", STRANGLER_RELAY_PRUNE_IDLE_MS: "-5" }, "STRANGLER_RELAY_PRUNE_IDLE_MS: must be 0 or more"],
    [{ NATS_URL: "nats://x", LOG_LEVEL: "loud" }, "LOG_LEVEL"],
  ])("refuses %j, naming the variable and the fix", (env, message) => {
    expect(() => readRelayConfig(env)).toThrow(expect.objectContaining({ code: "CONFIG_ERR_INVALID", message: expect.stringMatching(new RegExp(`${message}.*Fix: `)) }));
  });
});
