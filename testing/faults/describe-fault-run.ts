import { tempPostgresDatabase, type TempPostgresDatabase } from "../postgres";
import { DECK, killsToCoverEveryPoint, type FaultKind } from "./fault-plan";
import { runFaults, type FaultRunReport } from "./fault-run";
import { FaultStack } from "./fault-stack";
import { failureList, faultTable } from "./fault-table";

/** One run of the fault suite: where the monolith keeps its data, and the run's numbers. */
export interface FaultRunSettings {
  /** `sqlite`: `monolith.sqlite` in the data folder; `postgres`: a fresh PostgreSQL database, created for the run and dropped after it. */
  monolith: "sqlite" | "postgres";
  seed: number;
  /** SIGKILLs to make. */
  kills: number;
  /** No new fault after this long (the final proof still runs). */
  budgetMs: number;
  /** The deck of faults (default DECK, 50 kills). */
  deck?: Readonly<Record<FaultKind, number>>;
  /** A stray write (and its repair) into each side at least once (fault-run.ts). */
  strayWritesBothWays?: boolean;
  /** The variables that set seed, kills and budget, for the first line (e.g. `FAULT_KILLS`). */
  names: { seed: string; kills: string; budget: string };
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * The fault suite (docs/faults.md) as one jest describe: under a write load through the proxy,
 * SIGKILL each part at random moments — the relay, the catalog service (both consumers, its relay
 * and the keeper), nats-server, the proxy, `strangler cutover` after each of its steps in both
 * directions and at random moments, `verify --repair` — restart it as a user would, and prove that
 * no confirmed write was lost or applied twice, no fence is left held, and the legacy app answered
 * no write with a 5xx the toolkit caused. The same run on the monolith's SQLite file and on
 * PostgreSQL (`faults/write-path.faults.test.ts`, `faults/write-path-postgres.faults.test.ts`).
 */
export function describeFaultRun(settings: FaultRunSettings): void {
  const { seed: SEED, kills: KILLS, budgetMs: BUDGET_MS, names } = settings;
  const onPostgres = settings.monolith === "postgres";
  const title = onPostgres ? `fault injection under write load, the monolith on PostgreSQL (${names.seed}=${SEED}, ${names.kills}=${KILLS})` : `fault injection under write load (${names.seed}=${SEED}, ${names.kills}=${KILLS})`;

  describe(title, () => {
    let database: TempPostgresDatabase | undefined;
    let stack: FaultStack | undefined;
    let report: FaultRunReport | undefined;
    let passed = false;

    beforeAll(async () => {
      say(`fault suite${onPostgres ? " (the monolith on PostgreSQL)" : ""}: ${names.seed}=${SEED} ${names.kills}=${KILLS}${onPostgres ? ` ${names.budget}=${BUDGET_MS}` : ""}`);
      if (onPostgres) {
        database = await tempPostgresDatabase("strangler_faults");
        say(`started     PostgreSQL database ${database.name} (dropped after the run)`);
      }
      stack = await FaultStack.start({ categories: 4, products: 200, monolithDatabaseUrl: database?.url }, (line) => say(`started     ${line}`));
      say(`data folder ${stack.dir.path} (logs in logs/)`);
    }, 180_000);

    afterAll(async () => {
      // Kept for a look when something failed (its path is printed above); the database is dropped either way.
      try {
        await stack?.close(passed);
      } finally {
        await database?.drop();
      }
    }, 60_000);

    it(`loses no confirmed write, applies none twice and leaves no fence held over ${KILLS} kills`, async () => {
      const started = Date.now();
      report = await runFaults({ stack: stack!, seed: SEED, kills: KILLS, budgetMs: BUDGET_MS, deck: settings.deck, strayWritesBothWays: settings.strayWritesBothWays, say });
      const { proof, rows } = report;
      const count = (kind: string) => rows.reduce((sum, row) => sum + row.failures.filter((failure) => failure.kind === kind).length, 0);
      say(`\n${faultTable(rows)}\n`);
      say(
        [
          `${onPostgres ? "monolith on PostgreSQL; " : ""}seed ${SEED}; ${report.kills} kill(s) in ${report.rounds} fault round(s); ${Math.round((Date.now() - started) / 1000)} s`,
          `writes lost: ${rows.reduce((sum, row) => sum + row.lost, 0)}; double-applied changes: ${proof.doubleApplied} ` +
            `(${proof.history.map((direction) => `${direction.direction} ${direction.duplicated.length}`).join(", ")}); ` +
            `sync changes missing: ${proof.history.reduce((sum, direction) => sum + direction.lost.length, 0)}; parked: ${proof.parked}`,
          `stuck fences: ${count("stuck-fence")}; toolkit-caused 5xx: ${count("toolkit-5xx")}; strangler verify catalog: exit ${proof.verify}; ` +
            `owner at the end: ${proof.settled.owner}`,
          `killed cut-overs settled: ${[...report.recoveries].map(([how, count]) => `${how} ${count}`).join("; ")}`,
          `cut-over kill points never killed after: → service ${JSON.stringify(report.uncovered.service)}, → monolith ${JSON.stringify(report.uncovered.monolith)}`,
        ].join("\n"),
      );
      const failures = failureList(rows);
      if (failures) say(`\nfailures:\n${failures}\n(logs: ${stack!.logDir})`);

      expect(report.kills).toBeGreaterThanOrEqual(KILLS);
      expect(rows.filter((row) => row.lost > 0).map((row) => [row.row, row.lost])).toEqual([]);
      expect(proof.doubleApplied).toBe(0);
      expect(count("stuck-fence")).toBe(0);
      expect(count("toolkit-5xx")).toBe(0);
      expect(proof.verify).toBe("0");
      expect(rows.flatMap((row) => row.failures.map((failure) => `${row.row}: [${failure.kind}] ${failure.detail.slice(0, 400)}`))).toEqual([]);
      if (KILLS >= killsToCoverEveryPoint(settings.deck ?? DECK)) expect(report.uncovered).toEqual({ service: [], monolith: [] });
      passed = true;
      // The faults' budget, the last fault's recovery and the final proof (drain up to 90 s, history, verify).
    }, BUDGET_MS + 300_000);
  });
}
