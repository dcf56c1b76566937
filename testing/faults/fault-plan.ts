import type { SeededRandom } from "../../platform";
import { CUTOVER_POINTS } from "./cutover-points";

/** The faults the suite injects. */
export type FaultKind = "relay" | "catalog" | "nats" | "proxy" | "cutover-step" | "cutover-random" | "repair";

/**
 * One deck of 50 kills: the cut-over killed after each of its 10 points in both directions (20),
 * at random moments (4), `verify --repair` (5), and the long-running parts (21). Larger runs deal
 * further decks.
 */
export const DECK: Readonly<Record<FaultKind, number>> = { "cutover-step": 20, "cutover-random": 4, repair: 5, relay: 5, proxy: 5, catalog: 6, nats: 5 };

/**
 * One deck of 20 kills for a shorter run (the PostgreSQL run): every kind of fault, in about the
 * proportions of the deck of 50. Its 6 cut-over step kills cover 6 of the 20 points per run (the
 * uncovered ones first); another seed covers others.
 */
export const SMALL_DECK: Readonly<Record<FaultKind, number>> = { "cutover-step": 6, "cutover-random": 2, repair: 2, relay: 3, proxy: 2, catalog: 3, nats: 2 };

/**
 * Kills after which every cut-over point must have been killed after in both directions: enough
 * decks to deal one step kill per point and direction (50 with DECK, 67 with SMALL_DECK).
 */
export function killsToCoverEveryPoint(deck: Readonly<Record<FaultKind, number>>): number {
  const size = Object.values(deck).reduce((sum, count) => sum + count, 0);
  return Math.ceil((size * CUTOVER_POINTS.length * 2) / deck["cutover-step"]);
}

/** Faults after which sync needs the consumers' ack wait (30 s) to get back the messages the dead process held. */
export const DISTURBS_SYNC: ReadonlySet<FaultKind> = new Set(["catalog", "nats"]);
/** Faults that need sync caught up to do their work (a cut-over drains by position; a repair refuses until drained). */
export const NEEDS_SYNC: ReadonlySet<FaultKind> = new Set(["cutover-step", "cutover-random", "repair"]);

const PARTS: readonly FaultKind[] = ["relay", "proxy", "catalog", "nats"];
const BURSTS = 3;

/**
 * The seeded order of faults. The part kills come in a few bursts (shuffled inside), so the ack
 * wait a killed catalog or nats-server costs is paid once per burst rather than once per kill;
 * bursts, cut-over kills and repair kills are shuffled among each other. A fault that did not kill
 * anything (its command ended first) is dealt again later.
 */
export class FaultPlan {
  private queue: FaultKind[] = [];

  constructor(
    private readonly random: SeededRandom,
    private readonly deck: Readonly<Record<FaultKind, number>> = DECK,
  ) {}

  next(): FaultKind {
    if (this.queue.length === 0) this.queue = this.deal();
    return this.queue.shift()!;
  }

  /** Deals `kind` again at a random later place. */
  again(kind: FaultKind): void {
    this.queue.splice(this.random.int(0, this.queue.length), 0, kind);
  }

  private deal(): FaultKind[] {
    const copies = (kind: FaultKind) => Array<FaultKind>(this.deck[kind]).fill(kind);
    const parts = this.random.shuffle(PARTS.flatMap(copies));
    const size = Math.ceil(parts.length / BURSTS);
    const bursts = Array.from({ length: BURSTS }, (_, i) => parts.slice(i * size, (i + 1) * size));
    const singles = (Object.keys(this.deck) as FaultKind[]).filter((kind) => !PARTS.includes(kind)).flatMap(copies).map((kind) => [kind]);
    return this.random.shuffle([...bursts, ...singles]).flat();
  }
}
