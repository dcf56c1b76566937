/** Parity runner: one table of request cases, sent to several targets, answers compared after normalisation. */
export type { ParityCase } from "./parity-case";
/** The catalog reads of the legacy contract. */
export { CATALOG_PARITY_CASES } from "./catalog.cases";
/** Runs a table against targets; what is compared and what is dropped. */
export { runParity, normaliseAnswer, COMPARED_HEADERS } from "./parity-runner";
export type { ParityTarget, ParityResult, NormalisedAnswer } from "./parity-runner";
/** Write parity: ordered write cases sent to each target, timestamps written during the run masked. */
export type { WriteParityCase } from "./write-parity-case";
export { catalogWriteCases } from "./catalog-writes.cases";
export type { CatalogWriteFixture } from "./catalog-writes.cases";
export { runWriteParity, maskWrittenTimes, WRITTEN_DURING_RUN } from "./write-parity-runner";
export type { WriteParityTarget, WriteParityResult } from "./write-parity-runner";
