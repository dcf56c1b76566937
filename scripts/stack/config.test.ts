import { readStackConfig } from "./config";

// The nats settings of `npm start` (the ports and the one rule are checked for every parser in testing/config-env.test.ts).

const read = (env: Record<string, string>) => readStackConfig({ STRANGLER_CONFIG: "./strangler.config.json", ...env });
const failure = (env: Record<string, string>) => {
  try {
    read(env);
  } catch (err) {
    return (err as Error).message;
  }
  return "";
};

describe("npm start's nats settings", () => {
  it("launches one nats-server by default, and a local cluster with STRANGLER_NATS_CLUSTER", () => {
    expect(read({}).natsClusterNodes).toBe(1);
    expect(read({ STRANGLER_NATS_CLUSTER: "" }).natsClusterNodes).toBe(1);
    expect(read({ STRANGLER_NATS_CLUSTER: "1" }).natsClusterNodes).toBe(1);
    expect(read({ STRANGLER_NATS_CLUSTER: " 3 " }).natsClusterNodes).toBe(3);
    expect(read({ STRANGLER_NATS_CLUSTER: "5" }).natsClusterNodes).toBe(5);
  });

  it.each(["2", "4", "0", "11", "three", "-3", "3.0"])("refuses STRANGLER_NATS_CLUSTER=%j, naming the variable and the fix", (value) => {
    const message = failure({ STRANGLER_NATS_CLUSTER: value });
    expect(message).toContain("environment: STRANGLER_NATS_CLUSTER: must be 1 (one nats-server) or an odd number of nodes from 3 to 9");
    expect(message).toContain("Fix: set 3 for a local 3-node JetStream cluster");
  });

  it("refuses a local cluster together with NATS_URL (servers of yours)", () => {
    expect(failure({ STRANGLER_NATS_CLUSTER: "3", NATS_URL: "nats://127.0.0.1:4222" })).toContain("STRANGLER_NATS_CLUSTER: launches a local cluster, but NATS_URL names servers of yours");
  });

  it("takes NATS_URL with several servers as they are", () => {
    expect(read({ NATS_URL: "nats://127.0.0.1:4222,nats://127.0.0.1:4223" }).natsUrl).toBe("nats://127.0.0.1:4222,nats://127.0.0.1:4223");
  });

  it("refuses more NATS_REPLICAS than the nats-servers npm start launches", () => {
    expect(failure({ NATS_REPLICAS: "3" })).toContain("NATS_REPLICAS: is 3, more than the 1 nats-server(s) npm start launches");
    expect(failure({ NATS_REPLICAS: "3", STRANGLER_NATS_CLUSTER: "3" })).toBe("");
    expect(failure({ NATS_REPLICAS: "3", NATS_URL: "nats://127.0.0.1:4222" })).toBe("");
    expect(failure({ NATS_REPLICAS: "9" })).toContain("NATS_REPLICAS: must be a whole number of replicas from 1 to 5");
  });
});
