/** Jest harness for cdc pipeline tests: nats-server + source/target fixture + cleanup of relays and consumers. */
export { usePipeline } from "./use-pipeline";
export type { PipelineHarness } from "./use-pipeline";
