import type { FaultStack } from "./fault-stack";
import type { RepairRuns } from "./repair-runs";
import type { SeededRandom } from "../../platform";
import type { Owner } from "./settled-check";
import type { WriteLedger } from "./write-ledger";

/** What every fault gets: the stack, the ledger of what clients were told, the seeded choices. */
export interface FaultContext {
  stack: FaultStack;
  ledger: WriteLedger;
  random: SeededRandom;
  /** Every `verify --repair` run, for the history check (a repair writes rows as a snapshot). */
  repairs: RepairRuns;
  /** Progress output. */
  say(line: string): void;
  /** The owner of catalog-writes as last seen settled. */
  owner: Owner;
  /** How killed cut-overs were settled, counted by outcome (printed under the table). */
  recoveries: Map<string, number>;
  /**
   * How long whole runs took on this machine now: `repair` from start to exit of `verify --repair`,
   * `cutover` from a cut-over's header line to its exit. Random kill moments are drawn within them.
   */
  durations: { repair: number[]; cutover: number[] };
}

/** The median of the last 5 durations, or `fallback` before any. */
export function typicalMs(durations: readonly number[], fallback: number): number {
  const recent = [...durations.slice(-5)].sort((a, b) => a - b);
  return recent.length === 0 ? fallback : recent[Math.floor(recent.length / 2)];
}

/** Counts one outcome in `context.recoveries`. */
export function countRecovery(context: FaultContext, outcome: string): void {
  context.recoveries.set(outcome, (context.recoveries.get(outcome) ?? 0) + 1);
}

/** What one injected fault did. */
export interface FaultResult {
  /** The table row it counts in. */
  row: string;
  /** A process was really SIGKILLed (a command that ended before its kill point was not). */
  killed: boolean;
  /** One line for the progress output. */
  note: string;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
