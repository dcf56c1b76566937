import { InvalidArgumentError, type Command } from "commander";
import type { CliContext } from "./cli-context";
import { printJson, printTable } from "./output";
import type { GateView, ShadowReportView } from "./sync-view";

const percent = (rate: number | null) => (rate === null ? "-" : `${(rate * 100).toFixed(rate === 1 ? 0 : 2)}%`);
const short = (value: unknown) => {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

function limitArgument(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 200) throw new InvalidArgumentError("must be a whole number from 1 to 200.");
  return Number(value);
}

/** `strangler diff <route> [--limit N] [--json]`: the route's shadow report and its promotion gate. */
export function diffCommand(program: Command, context: CliContext): void {
  program
    .command("diff <route>")
    .description("the shadow report of a route: samples, match rate, differing paths, recent mismatches; and whether its gate lets it move on")
    .option("--limit <n>", "recent mismatches to show, 1-200", limitArgument, 5)
    .option("--json", "print JSON")
    .action(async (route: string, options: { limit: number; json?: boolean }) => {
      const admin = context.admin();
      const id = encodeURIComponent(route);
      const [report, gate] = await Promise.all([admin.get<ShadowReportView>(`/routes/${id}/shadow-report?limit=${options.limit}`), admin.get<GateView>(`/routes/${id}/gate`)]);
      if (options.json) return printJson({ report, gate });
      const c = report.counters;
      const stage = report.stage.stage === "canary" ? `canary ${report.stage.percent}%` : report.stage.stage;
      process.stdout.write(`${report.routeId} (stage ${stage})\n`);
      process.stdout.write(`samples ${report.samples}   match rate ${percent(report.matchRate)}   matched ${c.matched}   mismatched ${c.mismatched}   errored ${c.errored}   noise ${c.noise}   skipped ${c.skipped}\n`);
      const skipped = Object.entries(c.skippedBy).filter(([, n]) => n > 0);
      if (skipped.length > 0) process.stdout.write(`skipped by reason: ${skipped.map(([reason, n]) => `${reason} ${n}`).join(", ")}\n`);
      if (report.topDifferingPaths.length > 0) {
        process.stdout.write("\n");
        printTable(["DIFFERING PATH", "COUNT"], report.topDifferingPaths.map((entry) => [entry.path, entry.count]));
      }
      for (const mismatch of report.recentMismatches) {
        process.stdout.write(`\n${mismatch.at} ${mismatch.outcome} ${mismatch.method} ${mismatch.path} (request ${mismatch.requestId ?? "-"})\n`);
        for (const difference of mismatch.differences) process.stdout.write(`  ${difference.path}: monolith ${short(difference.primary)}  service ${short(difference.candidate)}\n`);
      }
      const next = gate.next ? (gate.next.stage === "canary" ? `canary ${gate.next.percent}%` : gate.next.stage) : null;
      process.stdout.write(`\ngate → ${next ?? "(none)"}: ${gate.allowed ? "open" : `closed (${gate.reasons.join("; ")})`}\n`);
      for (const check of gate.checks) process.stdout.write(`  ${check.passed ? "ok  " : check.applicable ? "FAIL" : "n/a "} ${check.name}: ${check.detail}\n`);
    });
}
