/** NATS adapters: the only place that imports @nats-io/*. */
export { startNatsServer, findNatsServer, natsServerArgs } from "./nats-server-launcher";
export type { NatsServerOptions, RunningNatsServer } from "./nats-server-launcher";
/** A local JetStream cluster of N nodes (tests, `STRANGLER_NATS_CLUSTER=3 npm start`). */
export { startNatsCluster } from "./nats-cluster-launcher";
export type { NatsClusterOptions, NatsClusterNode, RunningNatsCluster } from "./nats-cluster-launcher";
export { planCluster, writeClusterNodeConfig, clusterNodeName, clusterNodeConfigFile, DEFAULT_CLUSTER_NAME } from "./nats-cluster-config";
export type { ClusterNodePlan } from "./nats-cluster-config";
export { waitForJetStreamCluster } from "./cluster-ready";
export { freePorts } from "./free-ports";
export { connectNats, natsServers } from "./nats-connection";
export type { NatsConnection } from "./nats-connection";
export { JetStreamPublisher } from "./jetstream-publisher";
export type { JetStreamPublisherOptions } from "./jetstream-publisher";
export { JetStreamSubscription } from "./jetstream-subscription";
export { ensureConsumer, resetConsumerToPosition } from "./consumer-setup";
export type { DurableConsumerOptions } from "./consumer-setup";
export type { JetStreamSubscriptionOptions } from "./jetstream-subscription";
export { ensureStream } from "./stream-setup";
export { streamConfigProblems } from "./stream-policy";
export { decideReplicas, clusterFacts, CLUSTER_REPLICAS } from "./replicas";
export type { ClusterFacts } from "./replicas";
export type { StreamRequirements } from "./stream-policy";
