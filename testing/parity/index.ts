/** Parity runner: one table of request cases, sent to several targets, answers compared after normalisation. */
export type { ParityCase } from "./parity-case";
/** The catalog reads of the legacy contract. */
export { CATALOG_PARITY_CASES } from "./catalog.cases";
/** Runs a table against targets; what is compared and what is dropped. */
export { runParity, normaliseAnswer, COMPARED_HEADERS } from "./parity-runner";
export type { ParityTarget, ParityResult, NormalisedAnswer } from "./parity-runner";
