import { readFileSync, readdirSync } from "node:fs";

/** Clock ticks per second of utime/stime in /proc (USER_HZ: 100 on Linux, whatever the kernel's HZ). */
const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name (field 3, `state`, is index 0). */
function statFields(pid: number | "self"): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

const micros = (ticks: number) => (ticks * 1e6) / TICKS_PER_SECOND;

/** utime + stime of one process (all its threads) from /proc, in microseconds (0 when it is gone). */
function cpuMicrosOf(pid: number): number {
  try {
    const fields = statFields(pid);
    return micros(Number(fields[11]) + Number(fields[12]));
  } catch {
    return 0;
  }
}

/** CPU of a process and its direct children (nginx's master and workers), in microseconds. */
export function cpuMicrosOfProcessTree(pid: number): number {
  let total = cpuMicrosOf(pid);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parent === pid) total += cpuMicrosOf(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/**
 * cutime + cstime of this process: the CPU of its children that have exited and been waited for,
 * in microseconds. Read around one child's run (nothing else ending meanwhile), it is that child's CPU.
 */
export function cpuMicrosOfReapedChildren(): number {
  const fields = statFields("self");
  return micros(Number(fields[13]) + Number(fields[14]));
}
