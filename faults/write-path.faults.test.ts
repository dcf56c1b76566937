import "reflect-metadata";
import { describeFaultRun } from "../testing/faults";

/**
 * The fault suite (docs/faults.md) with the monolith on its SQLite file: 50 SIGKILLs under a write
 * load through the proxy, then the proof that no confirmed write was lost or applied twice, no
 * fence is left held, and the legacy app answered no write with a 5xx the toolkit caused.
 * `write-path-postgres.faults.test.ts` is the same run with the monolith on PostgreSQL.
 */
describeFaultRun({
  monolith: "sqlite",
  /** FAULT_SEED: the seed of every random choice (printed, so a run can be repeated). */
  seed: Number(process.env.FAULT_SEED ?? 20_261_204),
  /** FAULT_KILLS: how many SIGKILLs to make (default 50). */
  kills: Number(process.env.FAULT_KILLS ?? 50),
  /** FAULT_BUDGET_MS: no new fault after this long (the final proof still runs); a run stopped short fails its kill count. */
  budgetMs: Number(process.env.FAULT_BUDGET_MS ?? 600_000),
  names: { seed: "FAULT_SEED", kills: "FAULT_KILLS", budget: "FAULT_BUDGET_MS" },
});
