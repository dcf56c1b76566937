/**
 * Shared test kit: temp folders, HTTP on a free port, and (added by later modules) the nats-server
 * launcher, temp SQLite databases with migrations, and the parity runner.
 * Only tests, e2e scenarios, benchmarks and scripts import this folder.
 */
export { tempDir } from "./temp-dir";
export type { TempDir } from "./temp-dir";
export { httpOnFreePort } from "./http-on-free-port";
export { freePort } from "./free-port";
export type { RunningHttp } from "./http-on-free-port";
export { startMonolith } from "./monolith";
export type { RunningMonolith, StartMonolithOptions } from "./monolith";
export { describeShopRegression } from "./regression";
export type { ShopTarget } from "./regression";
export { testNatsServer } from "./nats";
export type { TestNatsServer } from "./nats";
export { startProxy, startTestUpstream, rawRequest, adminCall, waitUntil, offlineFlagSource } from "./proxy";
export { startVariantService } from "./proxy";
export type { VariantBehaviour, VariantService } from "./proxy";
export type { StartProxyOptions, StartedProxy, TestUpstream, EchoedRequest, RawResponse } from "./proxy";
export { startUnleash, UnleashAdmin } from "./unleash";
export type { RunningUnleash, StartUnleashOptions } from "./unleash";
export { usePipeline } from "./cdc-pipeline";
export type { PipelineHarness } from "./cdc-pipeline";
export { startCatalog, startCatalogExtraction, catalogProxyConfig, catalogChangePosition, readSyncStatus, waitForSyncPosition, waitForCatchUp } from "./catalog";
export type { RunningCatalog, StartCatalogOptions, CatalogExtraction, CatalogExtractionOptions } from "./catalog";
export { runParity, normaliseAnswer, CATALOG_PARITY_CASES, COMPARED_HEADERS } from "./parity";
export { runWriteParity, catalogWriteCases, maskWrittenTimes } from "./parity";
export type { WriteParityCase, WriteParityTarget, WriteParityResult, CatalogWriteFixture } from "./parity";
export type { ParityCase, ParityTarget, ParityResult, NormalisedAnswer } from "./parity";
export { runCli } from "./cli";
export type { CliResult } from "./cli";
export { tempPostgresDatabase, TEST_POSTGRES_URL } from "./postgres";
export type { TempPostgresDatabase } from "./postgres";
