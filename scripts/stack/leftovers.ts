import { isAbsolute, join, resolve } from "node:path";
import { natsIdentities } from "./nats-parts";

// What `npm start` does with the pid files an earlier run left under `<dataDir>/stack/`: pure
// decisions over facts gathered elsewhere (process-table.ts reads /proc), so every case is testable.

/** One live process, as /proc shows it. */
export interface ProcessFacts {
  pid: number;
  /** Its command line (`/proc/<pid>/cmdline`); null when it could not be read. */
  argv: string[] | null;
  /** `STRANGLER_DATA_DIR` in its environment; undefined when unset or not readable. */
  dataDirEnv?: string;
}

/** What is known about one pid file of an earlier run. */
export interface PidFileFacts {
  /** The part it belongs to (`monolith`, … or `supervisor`). */
  part: string;
  file: string;
  /** The file's text. */
  content: string;
  /**
   * The live processes it stands for: the pid itself (when alive) and every other live member of
   * the process group it leads (every part runs in a group of its own). Empty: nothing runs.
   * null: the pid answers signals but the processes cannot be listed (no /proc), so nothing can be verified.
   */
  alive: ProcessFacts[] | null;
}

/** How a process of a part is recognised as ours: its command line, and the data folder it works on. */
export interface PartIdentity {
  /** What the command line must hold, said for messages (e.g. the entry file). */
  expected: string;
  matches(argv: readonly string[]): boolean;
}

export type LeftoverDecision =
  /** Nothing of it runs: the file can go. */
  | { kind: "stale"; part: string; file: string; pid: number | null }
  /** Every process it stands for is verified ours: stop them (SIGTERM, then SIGKILL). */
  | { kind: "stop"; part: string; file: string; pid: number; pids: number[] }
  /** The supervisor of another `npm start` on this data folder still runs: refuse, touch nothing. */
  | { kind: "running"; part: string; file: string; pid: number }
  /** Something runs that cannot be verified as ours: refuse, touch nothing, tell how to fix it. */
  | { kind: "unverified"; part: string; file: string; pid: number | null; why: string };

export const SUPERVISOR = "supervisor";

/** Parses a pid file: one positive whole number (surrounding white space allowed); null otherwise. */
export function parsePidFile(content: string): number | null {
  const text = content.trim();
  if (!/^\d{1,10}$/.test(text)) return null;
  const pid = Number(text);
  return pid > 1 && pid <= 4_194_304 ? pid : null;
}

/**
 * The command line each part of `npm start` runs with, under repository `root` and data folder
 * `dataDir` (absolute): a TypeScript entry point as an absolute path, nats-server (and its
 * watcher) with `-sd <dataDir>/nats`, or a cluster node's `-c <dataDir>/nats-cluster/nats-<i>.conf`
 * (nats-parts.ts), the supervisor as `scripts/stack/start.ts`.
 */
export function partIdentities(root: string, dataDir: string, entries: Readonly<Record<string, string>>): Record<string, PartIdentity> {
  const identities: Record<string, PartIdentity> = {};
  for (const [part, entry] of Object.entries(entries)) {
    const file = join(root, entry);
    identities[part] = { expected: file, matches: (argv) => argv.includes(file) };
  }
  Object.assign(identities, natsIdentities(dataDir));
  identities[SUPERVISOR] = SUPERVISOR_IDENTITY;
  return identities;
}

/** The supervisor: `npm start` runs `tsx scripts/stack/start.ts` (the path may be relative). */
export const SUPERVISOR_IDENTITY: PartIdentity = Object.freeze({
  expected: "scripts/stack/start.ts",
  matches: (argv: readonly string[]) => argv.some((arg) => arg.endsWith("scripts/stack/start.ts")),
});

/** True when the process is ours: its command line matches and no other absolute data folder is in its environment. */
export function isOurs(process: ProcessFacts, identity: PartIdentity, dataDir: string): boolean {
  if (process.argv === null || !identity.matches(process.argv)) return false;
  const env = process.dataDirEnv;
  return env === undefined || !isAbsolute(env) || resolve(env) === resolve(dataDir);
}

/**
 * Decides what to do with one pid file of an earlier run. `self` is this process's pid (a pid file
 * naming it can only be stale). Never decides to stop a process it could not verify.
 */
export function decideLeftover(facts: PidFileFacts, identity: PartIdentity | undefined, dataDir: string, self: number): LeftoverDecision {
  const { part, file } = facts;
  const pid = parsePidFile(facts.content);
  if (pid === null) {
    return { kind: "unverified", part, file, pid: null, why: `it does not hold a process id (${JSON.stringify(facts.content.trim().slice(0, 40))})` };
  }
  if (pid === self) return { kind: "stale", part, file, pid };
  if (facts.alive === null) return { kind: "unverified", part, file, pid, why: `pid ${pid} is alive and its command line cannot be read (no /proc)` };
  if (facts.alive.length === 0) return { kind: "stale", part, file, pid };
  if (!identity) return { kind: "unverified", part, file, pid, why: `no part of npm start is called ${part}` };
  const strangers = facts.alive.filter((process) => !isOurs(process, identity, dataDir));
  if (strangers.length > 0) {
    const shown = strangers
      .slice(0, 3)
      .map((process) => `pid ${process.pid}: ${process.argv === null ? "command line not readable" : `\`${commandLine(process.argv)}\``}`)
      .join("; ");
    return { kind: "unverified", part, file, pid, why: `it is alive but is not verified as the ${part} of an earlier run (${shown}; expected ${identity.expected})` };
  }
  if (part === SUPERVISOR) return { kind: "running", part, file, pid };
  return { kind: "stop", part, file, pid, pids: facts.alive.map((process) => process.pid) };
}

/** A command line for a message, shortened. */
export function commandLine(argv: readonly string[]): string {
  const text = argv.join(" ");
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/** The fix for a pid file that cannot be verified: which pid, which file, how to stop it. */
export function unverifiedFix(decision: Extract<LeftoverDecision, { kind: "unverified" }>, shownFile: string): string {
  if (decision.pid === null) return `delete ${shownFile} (rm ${shownFile}) and start again.`;
  return (
    `if pid ${decision.pid} is a leftover of an earlier npm start, stop it (kill ${decision.pid}; kill -9 ${decision.pid} if it is still there after 10 s) and start again; ` +
    `if it is another program, leave it running and delete ${shownFile} (rm ${shownFile}).`
  );
}
