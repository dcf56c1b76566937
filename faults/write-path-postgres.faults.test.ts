import "reflect-metadata";
import { describeFaultRun, SMALL_DECK } from "../testing/faults";

/**
 * The fault suite (docs/faults.md) with the monolith on PostgreSQL: a fresh database created for
 * the run (and dropped after it) is MONOLITH_DATABASE_URL of every part and command; the catalog
 * service keeps its SQLite file. Fewer kills than the SQLite run by default (a deck of 20 with every
 * kind of fault), so that `npm test` keeps within its time on a 2-core machine.
 */
describeFaultRun({
  monolith: "postgres",
  /** FAULT_SEED, as the SQLite run. */
  seed: Number(process.env.FAULT_SEED ?? 20_261_204),
  /** FAULT_PG_KILLS: how many SIGKILLs to make (default 20). */
  kills: Number(process.env.FAULT_PG_KILLS ?? 20),
  /** FAULT_PG_BUDGET_MS: no new fault after this long (the final proof still runs); a run stopped short fails its kill count. */
  budgetMs: Number(process.env.FAULT_PG_BUDGET_MS ?? 300_000),
  /** Every kind of fault in a deck of 20, and a stray write into the monolith's PostgreSQL database (and its repair) in every run. */
  deck: SMALL_DECK,
  strayWritesBothWays: true,
  names: { seed: "FAULT_SEED", kills: "FAULT_PG_KILLS", budget: "FAULT_PG_BUDGET_MS" },
});
