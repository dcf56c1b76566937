/** Test wrappers of the cdc nats-server launcher: temp stores, restarts on the same ports, cleanup. */
export { testNatsServer } from "./test-nats-server";
export type { TestNatsServer } from "./test-nats-server";
export { testNatsCluster } from "./test-nats-cluster";
export type { TestNatsCluster } from "./test-nats-cluster";
