/** One `strangler verify catalog --repair` run, as the history check needs it. */
export interface RepairRun {
  startedAt: number;
  endedAt: number;
  killed: boolean;
  /** `<table> <legacy id>` of each key it printed as repaired (a killed run printed none). */
  repairedKeys: string[];
}

/**
 * The repair runs of a fault run. A repair writes a drifted key as a snapshot under the consumer's
 * position rule: changes of that key up to the snapshot's position that the consumer had not
 * applied yet are in the snapshot, and the consumer then skips them, so they are missing from the
 * apply journal without being lost. The history check explains such a missing change only by a
 * repair that can have taken it: one that printed its key and ran while it was committed, or a
 * killed one (whose keys are unknown) that ran while it was committed.
 */
export class RepairRuns {
  readonly runs: RepairRun[] = [];

  add(run: RepairRun): void {
    this.runs.push(run);
  }

  /** The repair run that can have covered a change of `legacyKey` (e.g. `products 57`) committed at `committedAt`, if any. */
  covering(legacyKey: string, committedAt: number): RepairRun | undefined {
    return this.runs.find((run) => committedAt >= run.startedAt && committedAt <= run.endedAt && (run.killed || run.repairedKeys.includes(legacyKey)));
  }
}

/** The keys a finished repair printed (`  repaired: products 57: written in the catalog`). */
export function repairedKeysOf(stdout: string): string[] {
  return [...stdout.matchAll(/^\s+repaired: (\w+) (\S+?):/gm)].map((match) => `${match[1]} ${match[2]}`);
}
