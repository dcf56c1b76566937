/** One row of the bench: a URL to load and the processes whose CPU is read around each loaded run. */
export interface Target {
  /** Stable id, used for the ratios (e.g. `info`, `bare`). */
  key: string;
  label: string;
  /** The URL wrk loads; undefined when the target could not be started (see `missing`). */
  url?: string;
  /** Why the row has no numbers, e.g. "not installed". */
  missing?: string;
  /** Key of the row whose 1-connection p50 is subtracted for "added p50". */
  baseline?: string;
  /** CPU (user + system, µs) of the process answering the URL, and of those behind it. */
  cpu: { self: () => number; upstream?: () => number; candidate?: () => number };
  /** Its log file, when the bench checks how much it wrote per request. */
  logFile?: string;
}
