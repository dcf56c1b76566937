import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { ProcessFacts } from "./leftovers";

// Reading /proc (Linux) for the leftover check and `strangler status`, and signalling processes
// that are not our children. Everything here tolerates processes vanishing while it looks.

interface ProcStat {
  state: string;
  pgrp: number;
}

/** `/proc/<pid>/stat`: its state letter and process group; null when it is gone. */
function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so split after the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "?", pgrp: Number(fields[2]) };
  } catch {
    return null;
  }
}

function readArgv(pid: number): string[] | null {
  try {
    const parts = readFileSync(`/proc/${pid}/cmdline`).toString("utf8").split("\0");
    if (parts.at(-1) === "") parts.pop();
    return parts;
  } catch {
    return null;
  }
}

function readDataDirEnv(pid: number): string | undefined {
  try {
    const entry = readFileSync(`/proc/${pid}/environ`)
      .toString("utf8")
      .split("\0")
      .find((line) => line.startsWith("STRANGLER_DATA_DIR="));
    return entry?.slice("STRANGLER_DATA_DIR=".length) || undefined;
  } catch {
    return undefined;
  }
}

/** True when /proc can be read (Linux). */
export function hasProcFs(): boolean {
  return existsSync("/proc/self/stat");
}

/** True when `pid` runs (a zombie does not count). Without /proc: whether it answers signal 0. */
export function isAlive(pid: number): boolean {
  if (hasProcFs()) {
    const stat = readStat(pid);
    return stat !== null && stat.state !== "Z" && stat.state !== "X";
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The facts of one live process, or null when it is gone. */
export function processFacts(pid: number): ProcessFacts | null {
  if (!isAlive(pid)) return null;
  return { pid, argv: readArgv(pid), dataDirEnv: readDataDirEnv(pid) };
}

/**
 * The live processes a pid file stands for: `pid` itself and every live member of process group
 * `pid`. Null when `pid` is alive but /proc cannot be read (nothing can be verified).
 */
export function processesOf(pid: number): ProcessFacts[] | null {
  if (!hasProcFs()) return isAlive(pid) ? null : [];
  const found: ProcessFacts[] = [];
  const self = processFacts(pid);
  if (self) found.push(self);
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return found;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const other = Number(name);
    if (other === pid) continue;
    const stat = readStat(other);
    if (!stat || stat.pgrp !== pid || stat.state === "Z" || stat.state === "X") continue;
    found.push({ pid: other, argv: readArgv(other), dataDirEnv: readDataDirEnv(other) });
  }
  return found;
}

/** Sends `signal`, ignoring a process that is already gone. */
export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone already (ESRCH), or not ours to signal (EPERM: never the case for a verified process)
  }
}

/**
 * Stops processes that are not our children: SIGTERM (and SIGCONT, so a stopped one sees it), then
 * SIGKILL to those still there after `graceMs`. Resolves with how they ended.
 */
export async function stopProcesses(pids: readonly number[], graceMs: number): Promise<"terminated" | "killed"> {
  for (const pid of pids) {
    signal(pid, "SIGTERM");
    signal(pid, "SIGCONT");
  }
  if (await allGone(pids, graceMs)) return "terminated";
  for (const pid of pids) signal(pid, "SIGKILL");
  await allGone(pids, 10_000);
  return "killed";
}

async function allGone(pids: readonly number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (pids.every((pid) => !isAlive(pid))) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
