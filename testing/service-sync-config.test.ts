import { readCatalogConfig } from "../extracted/catalog/config";
import { readOrdersConfig } from "../extracted/orders/config";
import { ConfigError } from "../platform";

// Every extracted service reads its broker the same way (platform/service-sync-env.ts) and passes
// NATS_REPLICAS on to the streams it creates (service-kit's startServiceSync), as the relay does.
const SERVICES: Array<[string, (env: Record<string, string>) => { natsUrl: string | null; natsReplicas: number | null }]> = [
  ["catalog", readCatalogConfig],
  ["orders", readOrdersConfig],
];

describe.each(SERVICES)("the %s service's NATS_REPLICAS", (_name, read) => {
  it("is null (chosen by the cluster) when unset or blank", () => {
    expect(read({}).natsReplicas).toBeNull();
    expect(read({ NATS_REPLICAS: "" }).natsReplicas).toBeNull();
  });

  it("is read beside NATS_URL as a whole number from 1 to 5", () => {
    expect(read({ NATS_URL: "nats://127.0.0.1:4222,nats://127.0.0.1:4223", NATS_REPLICAS: "3" })).toMatchObject({ natsUrl: "nats://127.0.0.1:4222,nats://127.0.0.1:4223", natsReplicas: 3 });
    expect(read({ NATS_REPLICAS: " 1 " }).natsReplicas).toBe(1);
  });

  it("refuses a bad value, naming NATS_REPLICAS and the fix", () => {
    for (const value of ["0", "7", "three"]) {
      const bad = () => read({ NATS_REPLICAS: value });
      expect(bad).toThrow(ConfigError);
      expect(bad).toThrow(/environment: NATS_REPLICAS: must be a whole number of replicas from 1 to 5\. Fix: give the replicas of each change stream, 1 to 5 .*or unset it/);
    }
  });
});
