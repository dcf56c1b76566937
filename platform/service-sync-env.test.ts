import { z } from "zod";
import { ConfigError } from "./config-error";
import { readEnv } from "./env";
import { serviceSyncFixes, serviceSyncSettings, serviceSyncVariables } from "./service-sync-env";

const schema = z.object(serviceSyncVariables()).transform(serviceSyncSettings);
const read = (env: Record<string, string>) => readEnv(schema, env, serviceSyncFixes());

describe("a service's broker settings (NATS_URL, NATS_REPLICAS)", () => {
  it("serves without sync and lets the cluster choose the replicas when both are unset or blank", () => {
    expect(read({})).toEqual({ natsUrl: null, natsReplicas: null });
    expect(read({ NATS_URL: "", NATS_REPLICAS: "  " })).toEqual({ natsUrl: null, natsReplicas: null });
  });

  it("reads a cluster's servers and the replicas, 1 to 5", () => {
    expect(read({ NATS_URL: "nats://10.0.0.1:4222, nats://10.0.0.2:4222", NATS_REPLICAS: " 3 " })).toEqual({ natsUrl: "nats://10.0.0.1:4222,nats://10.0.0.2:4222", natsReplicas: 3 });
    expect(read({ NATS_REPLICAS: "1" }).natsReplicas).toBe(1);
    expect(read({ NATS_REPLICAS: "5" }).natsReplicas).toBe(5);
  });

  it.each(["0", "6", "three", "2.5", "-1"])("refuses NATS_REPLICAS=%s, naming the variable and the fix", (value) => {
    const bad = () => read({ NATS_REPLICAS: value });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/environment: NATS_REPLICAS: must be a whole number of replicas from 1 to 5\. Fix: give the replicas of each change stream, 1 to 5/);
  });

  it("refuses a NATS_URL that is not nats:// or tls://, naming the fix", () => {
    expect(() => read({ NATS_URL: "http://127.0.0.1:4222" })).toThrow(/environment: NATS_URL: must be a nats:\/\/ or tls:\/\/ URL.*\. Fix: set the broker's URL/);
  });
});
