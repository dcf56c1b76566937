import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// The files the supervisor of `npm start` keeps under `<dataDir>/stack/`: a pid file per running
// process (`<part>.pid`, `supervisor.pid`) and the parts' state (`state.json`), read by `strangler status`.

export const STACK_FOLDER = "stack";

/** `<dataDir>/stack`. */
export function stackDir(dataDir: string): string {
  return join(dataDir, STACK_FOLDER);
}

export function pidFilePath(dataDir: string, part: string): string {
  return join(stackDir(dataDir), `${part}.pid`);
}

export function stateFilePath(dataDir: string): string {
  return join(stackDir(dataDir), "state.json");
}

let sequence = 0;
const tempName = (path: string) => `${path}.${process.pid}.${++sequence}.tmp`;

/** Writes `text` to `path` atomically: a reader sees the old file or the new one, never half of one. */
export function writeFileAtomic(path: string, text: string): void {
  const temp = tempName(path);
  writeFileSync(temp, text, { mode: 0o644 });
  renameSync(temp, path);
}

/** Writes `<part>.pid` (atomically) for a process that just started. */
export function writePidFile(dataDir: string, part: string, pid: number): void {
  mkdirSync(stackDir(dataDir), { recursive: true });
  writeFileAtomic(pidFilePath(dataDir, part), `${pid}\n`);
}

/**
 * Creates `<part>.pid` only when there is none (atomically: a link of a complete temp file), so two
 * supervisors started at once on one data folder cannot both claim it. False when it exists.
 */
export function claimPidFile(dataDir: string, part: string, pid: number): boolean {
  mkdirSync(stackDir(dataDir), { recursive: true });
  const path = pidFilePath(dataDir, part);
  const temp = tempName(path);
  writeFileSync(temp, `${pid}\n`, { mode: 0o644 });
  try {
    linkSync(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** The text of `<part>.pid`, or null when there is none. */
export function readPidFile(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** Removes `<part>.pid`; with `pid`, only while it still names that process (a newer run's file stays). */
export function removePidFile(dataDir: string, part: string, pid?: number): void {
  const path = pidFilePath(dataDir, part);
  if (pid !== undefined) {
    const content = readPidFile(path);
    if (content === null || content.trim() !== String(pid)) return;
  }
  rmSync(path, { force: true });
}

/** A part's state as the supervisor writes it. */
export type PartStateName = "starting" | "running" | "restarting" | "stopped";

export interface PartState {
  name: string;
  state: PartStateName;
  /** The pid of its current process (null while none runs). */
  pid: number | null;
  /** How many times it was started again after an exit. */
  restarts: number;
  /** When its current process became ready (uptime counts from here); null while it is not running. */
  runningSince: string | null;
  /** How its last process ended: exit code, or the signal that killed it. */
  lastExit: { code: number | null; signal: string | null; at: string } | null;
  /** While restarting: when the next attempt starts. */
  nextRestartAt: string | null;
}

export interface StackState {
  version: 1;
  supervisor: { pid: number; startedAt: string };
  updatedAt: string;
  parts: PartState[];
}

export function writeStackState(dataDir: string, state: StackState): void {
  mkdirSync(stackDir(dataDir), { recursive: true });
  writeFileAtomic(stateFilePath(dataDir), `${JSON.stringify(state, null, 2)}\n`);
}

/** The state file's contents, or null when there is none or it cannot be read. */
export function readStackState(dataDir: string): StackState | null {
  try {
    const state = JSON.parse(readFileSync(stateFilePath(dataDir), "utf8")) as StackState;
    return state && state.version === 1 && Array.isArray(state.parts) && typeof state.supervisor?.pid === "number" ? state : null;
  } catch {
    return null;
  }
}
