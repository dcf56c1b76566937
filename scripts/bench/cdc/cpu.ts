import { readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

/** utime + stime of one process from /proc/<pid>/stat, in ms (0 once it is gone). */
export function cpuMs(pid: number | null): number {
  if (pid === null) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU of a set of processes, in ms per pid. */
export function cpuOfPids(pids: readonly number[]): Map<number, number> {
  return new Map(pids.map((pid) => [pid, cpuMs(pid)]));
}

/**
 * The CPU a set of processes used between two looks, in ms: the processes seen at the end count
 * from their first look (or from 0: started in between). One that ended in between is not counted
 * (its time is gone with it): PostgreSQL backends of the pools stay connected while a burst runs.
 */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += Math.max(0, ms - (before.get(pid) ?? 0));
  return total;
}
