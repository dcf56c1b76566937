/** Runs wrk (closed loop: each connection sends its next request when the answer has arrived) and parses its report. */
import { join } from "node:path";
import { runWrkScript } from "../wrk-process";
import { cpuMicrosOfReapedChildren } from "./proc-cpu";

/** The load wrk offers: `connections` keep-alive connections spread over `threads`, for `seconds`. */
export interface Load {
  connections: number;
  threads: number;
  seconds: number;
}

export interface WrkResult {
  /** Answers received, as wrk counts them. */
  requests: number;
  seconds: number;
  rps: number;
  /** Socket errors, timeouts and answers with status ≥ 400: each should be 0. */
  errors: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** CPU wrk itself used (user + system), in microseconds. */
  wrkCpuMicros: number;
}

interface Report {
  requests: number;
  durationUs: number;
  errors: Record<string, number>;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  maxUs: number;
}

const SCRIPT = join(__dirname, "wrk-report.lua");

export const describeLoad = (load: Load) =>
  `${load.connections} connection${load.connections === 1 ? "" : "s"} on ${load.threads} wrk thread${load.threads === 1 ? "" : "s"}, ${load.seconds} s`;

/** `wrk -t<threads> -c<connections> -d<seconds>s --latency -s wrk-report.lua <url>`. */
export async function runWrk(wrk: string, url: string, load: Load): Promise<WrkResult> {
  const threads = Math.min(load.threads, load.connections);
  const args = [`-t${threads}`, `-c${load.connections}`, `-d${load.seconds}s`, "--timeout", "10s", "--latency", "-s", SCRIPT, url];
  const cpuBefore = cpuMicrosOfReapedChildren();
  const report = (await runWrkScript(wrk, args, "WRK_RESULT")) as Report;
  const seconds = report.durationUs / 1e6;
  return {
    requests: report.requests,
    seconds,
    rps: report.requests / seconds,
    errors: Object.values(report.errors).reduce((sum, n) => sum + n, 0),
    p50Ms: report.p50Us / 1000,
    p90Ms: report.p90Us / 1000,
    p99Ms: report.p99Us / 1000,
    maxMs: report.maxUs / 1000,
    wrkCpuMicros: cpuMicrosOfReapedChildren() - cpuBefore,
  };
}
