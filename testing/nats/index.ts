/** Test wrapper of the cdc nats-server launcher: temp store, restart on the same port, cleanup. */
export { testNatsServer } from "./test-nats-server";
export type { TestNatsServer } from "./test-nats-server";
