/** Runs the `strangler` CLI in its own process for tests. */
export { runCli } from "./run-cli";
export type { CliResult } from "./run-cli";
