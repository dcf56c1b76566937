import { formatUptime } from "./backoff";
import { isOurs, SUPERVISOR_IDENTITY } from "./leftovers";
import { processFacts } from "./process-table";
import { readStackState, type PartState, type StackState } from "./stack-files";

/** One part of the running stack, as `strangler status` shows it. */
export interface PartView extends PartState {
  /** Milliseconds since its current process became ready; null while it is not running. */
  uptimeMs: number | null;
}

/** The parts of the stack, with the supervisor that runs them. */
export interface PartsView {
  supervisorPid: number;
  parts: PartView[];
}

/**
 * The parts of the `npm start` running on `dataDir` (its state file, `<dataDir>/stack/state.json`),
 * or null when no supervisor runs there (no state file, or its supervisor is gone).
 */
export function readPartsView(dataDir: string, now = Date.now(), isRunning: (state: StackState) => boolean = supervisorRuns(dataDir)): PartsView | null {
  const state = readStackState(dataDir);
  if (!state || !isRunning(state)) return null;
  return {
    supervisorPid: state.supervisor.pid,
    parts: state.parts.map((part) => ({
      ...part,
      uptimeMs: part.state === "running" && part.runningSince ? Math.max(0, now - Date.parse(part.runningSince)) : null,
    })),
  };
}

/** True when the state file's supervisor still runs and is `npm start` (not a reused pid). */
function supervisorRuns(dataDir: string): (state: StackState) => boolean {
  return (state) => {
    const facts = processFacts(state.supervisor.pid);
    return facts !== null && isOurs(facts, SUPERVISOR_IDENTITY, dataDir);
  };
}

export const PART_HEADERS = ["PART", "STATE", "PID", "RESTARTS", "UPTIME", "LAST EXIT"];

/** The rows of the PARTS table. */
export function partsTable(parts: readonly PartView[], now = Date.now()): string[][] {
  return parts.map((part) => {
    const next = part.state === "restarting" && part.nextRestartAt ? Date.parse(part.nextRestartAt) - now : null;
    return [
      part.name,
      next !== null && next > 0 ? `${part.state} (in ${Math.ceil(next / 1000)}s)` : part.state,
      part.pid === null ? "-" : String(part.pid),
      String(part.restarts),
      part.uptimeMs === null ? "-" : formatUptime(part.uptimeMs),
      exitText(part.lastExit),
    ];
  });
}

function exitText(exit: PartState["lastExit"]): string {
  if (!exit) return "-";
  const how = exit.signal ? exit.signal : `code ${exit.code}`;
  return `${how} at ${exit.at.slice(11, 19)}`;
}
