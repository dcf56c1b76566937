import { z } from "zod";
import { ConfigError } from "./config-error";
import { envFix, envVar, isSet, LOG_LEVELS, presentVariables, readEnv } from "./env";

// The rule for every deployable's port variables (the six config.ts, looped over):
// testing/config-env.test.ts (platform/ may not import the deployables: lint:deps "platform-is-generic").

const schema = z.object({
  APP_PORT: envVar.port(3001, { anyFree: true }),
  CLIENT_PORT: envVar.port(8081),
  APP_HOST: envVar.host("127.0.0.1"),
  DATA_DIR: envVar.path("./.strangler"),
  LOG_LEVEL: envVar.logLevel(),
  APP_TOKEN: envVar.token().optional(),
  UPSTREAM_URL: envVar.httpUrl().optional(),
  NATS_URL: envVar.natsUrl().optional(),
  NATS_REPLICAS: envVar.natsReplicas().optional(),
  DATABASE_URL: envVar.databaseUrl().optional(),
  JOURNAL: envVar.onOff("off"),
});
const FIXES = {
  APP_PORT: envFix.port(3001, { anyFree: true }),
  CLIENT_PORT: envFix.port(8081),
  LOG_LEVEL: envFix.logLevel,
  APP_TOKEN: envFix.token,
  NATS_URL: envFix.natsUrl,
  NATS_REPLICAS: envFix.natsReplicas,
  DATABASE_URL: envFix.databaseUrl,
};
const read = (env: Record<string, string | undefined>) => readEnv(schema, env, FIXES);

const DEFAULTS = { APP_PORT: 3001, CLIENT_PORT: 8081, APP_HOST: "127.0.0.1", DATA_DIR: "./.strangler", LOG_LEVEL: "info", JOURNAL: false };

describe("readEnv: the one rule, an empty variable counts as unset", () => {
  it("takes every default when nothing is set", () => {
    expect(read({})).toEqual(DEFAULTS);
  });

  it.each(["", " ", "\t \n"])("reads %j as unset: the default, never port 0", (blank) => {
    const all = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, blank]));
    expect(read(all)).toEqual(DEFAULTS);
  });

  it("leaves a blank required variable missing (is required), as if it were not there", () => {
    const required = z.object({ NATS_URL: envVar.natsUrl() });
    expect(() => readEnv(required, { NATS_URL: "" }, { NATS_URL: envFix.natsUrl })).toThrow(/environment: NATS_URL: is required\. Fix: give the NATS server/);
    expect(() => readEnv(required, {}, {})).toThrow(/NATS_URL: is required/);
  });

  it("isSet and presentVariables apply the same rule", () => {
    expect([undefined, "", "  ", "x", " x "].map(isSet)).toEqual([false, false, false, true, true]);
    expect(presentVariables({ A: "", B: " ", C: "1", D: undefined })).toEqual({ C: "1" });
  });

  it("returns a frozen object", () => {
    expect(Object.isFrozen(read({}))).toBe(true);
  });
});

describe("readEnv: a bad value names the variable, the problem and the fix", () => {
  it.each([
    ["APP_PORT", "eighty", "must be a port number from 0 to 65535 (0 = any free port)"],
    ["APP_PORT", "70000", "must be a port number from 0 to 65535"],
    ["APP_PORT", "-1", "must be a port number"],
    ["APP_PORT", "80.5", "must be a port number"],
    ["APP_PORT", "0x50", "must be a port number"],
    ["CLIENT_PORT", "0", "must be a port number from 1 to 65535"],
    ["LOG_LEVEL", "loud", `must be one of ${LOG_LEVELS.join(", ")}`],
    ["APP_TOKEN", "short", "must be at least 16 characters"],
    ["NATS_URL", "nats://127.0.0.1:4222,http://127.0.0.1:4223", "must be a nats:// or tls:// URL, or several separated by commas"],
    ["NATS_URL", "nats://127.0.0.1:4222,,nats://127.0.0.1:4223", "must be a nats:// or tls:// URL, or several separated by commas"],
    ["NATS_URL", "nats://127.0.0.1:4222,", "must be a nats:// or tls:// URL, or several separated by commas"],
    ["NATS_REPLICAS", "0", "must be a whole number of replicas from 1 to 5"],
    ["NATS_REPLICAS", "6", "must be a whole number of replicas from 1 to 5"],
    ["NATS_REPLICAS", "three", "must be a whole number of replicas from 1 to 5"],
    ["DATABASE_URL", "mysql://shop@127.0.0.1/shop", "must be a postgres:// or postgresql:// URL"],
    ["DATABASE_URL", "127.0.0.1:5432/shop", "must be a postgres:// or postgresql:// URL"],
    ["DATABASE_URL", "postgres:/127.0.0.1/shop", "must be a postgres:// or postgresql:// URL"],
    ["DATABASE_URL", "./monolith.sqlite", "must be a postgres:// or postgresql:// URL"],
  ])("%s=%j: %s", (variable, value, problem) => {
    expect(() => read({ [variable]: value })).toThrow(ConfigError);
    const message = (() => {
      try {
        read({ [variable]: value });
        return "";
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(message).toContain(`environment: ${variable}: ${problem}`);
    expect(message).toContain(`Fix: ${FIXES[variable as keyof typeof FIXES]}`);
  });

  it.each([
    ["UPSTREAM_URL", "ftp://example", "must be an http(s) URL"],
    ["NATS_URL", "http://127.0.0.1:4222", "must be a nats:// or tls:// URL"],
    ["NATS_URL", "127.0.0.1:4222", "must be a nats:// or tls:// URL"],
    ["JOURNAL", "yes", "must be on or off"],
  ])("%s=%j: %s", (variable, value, problem) => {
    expect(() => read({ [variable]: value })).toThrow(`environment: ${variable}: ${problem}`);
  });

  it("lists every bad variable, one line each", () => {
    expect(() => read({ APP_PORT: "x", LOG_LEVEL: "y" })).toThrow(/APP_PORT: .*\n\s+environment: LOG_LEVEL: /);
  });
});

describe("the field helpers", () => {
  it("read good values", () => {
    expect(
      read({
        APP_PORT: "0",
        CLIENT_PORT: " 9000 ",
        LOG_LEVEL: "debug",
        APP_TOKEN: "a-long-enough-token",
        UPSTREAM_URL: "https://flags.example/api/",
        NATS_URL: "tls://nats:4222",
        JOURNAL: "on",
      }),
    ).toMatchObject({ APP_PORT: 0, CLIENT_PORT: 9000, LOG_LEVEL: "debug", APP_TOKEN: "a-long-enough-token", UPSTREAM_URL: "https://flags.example/api/", NATS_URL: "tls://nats:4222", JOURNAL: true });
  });

  it("read NATS_URL as one server or the servers of a cluster, without blanks around the commas", () => {
    expect(read({ NATS_URL: "nats://127.0.0.1:4222" }).NATS_URL).toBe("nats://127.0.0.1:4222");
    expect(read({ NATS_URL: " nats://127.0.0.1:4222 , nats://127.0.0.1:4223,tls://nats-3:4222 " }).NATS_URL).toBe("nats://127.0.0.1:4222,nats://127.0.0.1:4223,tls://nats-3:4222");
  });

  it("name the fix for several servers when NATS_URL is wrong", () => {
    expect(() => read({ NATS_URL: "nats://a:4222;nats://b:4222" })).toThrow(/NATS_URL: .*Fix: .*separated by commas \(nats:\/\/10\.0\.0\.1:4222,nats:\/\/10\.0\.0\.2:4222\)/);
  });

  it("read NATS_REPLICAS as a whole number from 1 to 5, unset when blank", () => {
    expect(read({ NATS_REPLICAS: " 3 " }).NATS_REPLICAS).toBe(3);
    expect(read({ NATS_REPLICAS: "1" }).NATS_REPLICAS).toBe(1);
    expect(read({ NATS_REPLICAS: "" }).NATS_REPLICAS).toBeUndefined();
  });

  it("read DATABASE_URL as a postgres:// or postgresql:// URL, trimmed", () => {
    expect(read({ DATABASE_URL: " postgres://shop@127.0.0.1:5432/shop " }).DATABASE_URL).toBe("postgres://shop@127.0.0.1:5432/shop");
    expect(read({ DATABASE_URL: "postgresql://shop:secret@db.internal/shop?sslmode=require" }).DATABASE_URL).toBe("postgresql://shop:secret@db.internal/shop?sslmode=require");
    expect(read({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("never repeat a bad DATABASE_URL: it may carry a password", () => {
    expect(() => read({ DATABASE_URL: "mysql://shop:hunter2@db/shop" })).toThrow(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL\. Fix: give a PostgreSQL URL/);
    expect(() => read({ DATABASE_URL: "mysql://shop:hunter2@db/shop" })).not.toThrow(/hunter2/);
  });

  it("word the usual fixes the same way everywhere", () => {
    expect(envFix.port(3001, { anyFree: true })).toBe("set a port number from 0 to 65535 (0 = any free port), or unset it for the default 3001.");
    expect(envFix.port(8081)).toBe("set a port number from 1 to 65535, or unset it for the default 8081.");
  });
});
