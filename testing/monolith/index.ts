/** Starts the real legacy shop on a temp SQLite file and a free port; see start-monolith.ts. */
export { startMonolith, TEST_ADMIN_TOKEN } from "./start-monolith";
export type { RunningMonolith, StartMonolithOptions } from "./start-monolith";
