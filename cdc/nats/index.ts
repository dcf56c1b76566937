/** NATS adapters: the only place that imports @nats-io/*. */
export { startNatsServer, findNatsServer } from "./nats-server-launcher";
export type { NatsServerOptions, RunningNatsServer } from "./nats-server-launcher";
export { connectNats } from "./nats-connection";
export type { NatsConnection } from "./nats-connection";
export { JetStreamPublisher } from "./jetstream-publisher";
export type { JetStreamPublisherOptions } from "./jetstream-publisher";
export { JetStreamSubscription } from "./jetstream-subscription";
export { ensureConsumer, resetConsumerToPosition } from "./consumer-setup";
export type { DurableConsumerOptions } from "./consumer-setup";
export type { JetStreamSubscriptionOptions } from "./jetstream-subscription";
export { ensureStream } from "./stream-setup";
export { streamConfigProblems } from "./stream-policy";
export type { StreamRequirements } from "./stream-policy";
