import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { decideLeftover, SUPERVISOR, unverifiedFix, type LeftoverDecision, type PartIdentity } from "./leftovers";
import { processesOf, stopProcesses } from "./process-table";
import { readPidFile, stackDir } from "./stack-files";
import { STACK_ERROR_CODES, StackError } from "./stack-error";
import { label } from "./supervisor";

export interface LeftoverCheckOptions {
  dataDir: string;
  /** How each part's processes are recognised (leftovers.ts `partIdentities`). */
  identities: Readonly<Record<string, PartIdentity>>;
  /** Parts in the order they start (leftovers are stopped in reverse). */
  order: readonly string[];
  say(line: string): void;
  /** A path as it is said in messages. */
  shown(path: string): string;
  /** SIGTERM → SIGKILL grace for a leftover (default 10 s). */
  graceMs?: number;
}

/**
 * Before anything starts: looks at every pid file an earlier run left in `<dataDir>/stack/`.
 * Throws STACK_ERR_ALREADY_RUNNING when another `npm start` still runs on the folder, and
 * STACK_ERR_LEFTOVER_UNVERIFIED (touching nothing) when a live process cannot be verified as ours.
 * Otherwise removes the files of processes that are gone and stops the verified leftovers (SIGTERM,
 * SIGKILL after the grace period), with a line for each.
 */
export async function clearLeftovers(options: LeftoverCheckOptions): Promise<void> {
  const dir = stackDir(options.dataDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // first start: no folder yet
  }
  // Half-written files of a run killed mid-write (pid files and the state are written by rename).
  for (const name of names.filter((name) => name.endsWith(".tmp"))) rmSync(join(dir, name), { force: true });

  const decisions: LeftoverDecision[] = names
    .filter((name) => name.endsWith(".pid"))
    .map((name) => {
      const part = name.slice(0, -".pid".length);
      const file = join(dir, name);
      const content = readPidFile(file) ?? "";
      const pid = Number(content.trim());
      const alive = Number.isInteger(pid) && pid > 1 ? processesOf(pid) : [];
      return decideLeftover({ part, file, content, alive }, options.identities[part], options.dataDir, process.pid);
    });

  const running = decisions.find((decision) => decision.kind === "running");
  if (running) {
    throw new StackError(
      STACK_ERROR_CODES.alreadyRunning,
      `another npm start (pid ${running.pid}) is running on ${options.shown(options.dataDir)} (${options.shown(running.file)}). ` +
        `Fix: use that one (npx strangler status), or stop it (Ctrl-C in its terminal, or kill ${running.pid}) and start again; ` +
        "to run a second stack, give it another STRANGLER_DATA_DIR and other ports.",
    );
  }
  const unverified = decisions.filter((decision): decision is Extract<LeftoverDecision, { kind: "unverified" }> => decision.kind === "unverified");
  if (unverified.length > 0) {
    throw new StackError(
      STACK_ERROR_CODES.leftoverUnverified,
      `a pid file of an earlier run names a process that cannot be verified as ours; nothing was started or stopped.\n` +
        unverified.map((decision) => `  ${options.shown(decision.file)}: ${decision.why}.\n    Fix: ${unverifiedFix(decision, options.shown(decision.file))}`).join("\n"),
    );
  }

  // The earlier supervisor first (it is what was killed), then its parts in reverse order of start.
  const rank = (part: string) => (part === SUPERVISOR ? Number.MAX_SAFE_INTEGER : options.order.indexOf(part));
  for (const decision of [...decisions].sort((a, b) => rank(b.part) - rank(a.part))) {
    const what = `${options.shown(decision.file)}`;
    if (decision.kind === "stale") {
      const who = decision.part === SUPERVISOR ? `the earlier npm start (pid ${decision.pid})` : `${decision.part} (pid ${decision.pid})`;
      options.say(`${label("leftover")}${who} no longer runs: removed ${what}`);
      rmSync(decision.file, { force: true });
    } else if (decision.kind === "stop") {
      const pids = decision.pids.length > 1 ? `pids ${decision.pids.join(", ")}` : `pid ${decision.pid}`;
      options.say(`${label("leftover")}${decision.part} (${pids}) of an earlier run still runs (${what}): stopping it…`);
      const how = await stopProcesses(decision.pids, options.graceMs ?? 10_000);
      options.say(`${label("leftover")}${decision.part} stopped (${how === "terminated" ? "SIGTERM" : "SIGKILL after it ignored SIGTERM"})`);
      rmSync(decision.file, { force: true });
    }
  }
}
