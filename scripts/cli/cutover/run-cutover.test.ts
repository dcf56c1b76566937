import { planSettle, type CutoverLease, type DrainProgress, type DrainStatus, type DrainWait, type HeldLease, type OwnershipRecord } from "../../../cdc";
import { CATCH_UP_PROGRESS_EVERY_MS, SHORT_CATCH_UP_ROUND_MS } from "./cutover-steps";
import type { CutoverControl, Owner } from "./ports";
import { CutoverFailed, CutoverRefused, runCutover, type CutoverMode } from "./run-cutover";

/**
 * How one catch-up round goes in the fake: the polls it reports (elapsed and idle ms, rows pending,
 * changes unpublished) and how it ends. Real waiting is waitForDrain's (cdc/ownership/drain.int.test.ts).
 */
interface CatchUpScript {
  polls?: Array<{ elapsedMs: number; idleMs: number; pending: number; unpublished: number }>;
  /** How it ends: drained, or given up after no progress. */
  end: "drained" | "stalled";
  /** Real time the round takes (for the rounds rule). */
  takesMs?: number;
}

const TABLES = ["categories", "products"];
const other = (side: Owner): Owner => (side === "monolith" ? "service" : "monolith");

/**
 * A fake world for the cut-over: the ownership record and lease, each database's fence rows (with
 * holders), the proxy's stage and fence; settling uses the real planSettle. Failures are injected by
 * call name; a forward failure happens once, an undo failure stays.
 */
class FakeWorld implements CutoverControl {
  readonly group = "catalog-writes";
  owner: Owner = "monolith";
  epoch = 0;
  leaseRow: CutoverLease | null = null;
  fences: Record<Owner, Map<string, string>> = { monolith: new Map(), service: new Map(TABLES.map((table) => [table, "ownership"])) };
  proxy = { stage: "monolith" as string, fence: null as string | null };
  drains: boolean[] = [];
  catchUps: CatchUpScript[] = [];
  progress: string[] = [];
  drainAfter: Array<number | undefined> = [];
  drift: string[] = [];
  preDrift: number[] = [];
  scoped: Array<{ since: unknown; keys: unknown }> = [];
  parkedBack = 0;
  failing = new Set<string>();
  failingUndo = new Set<string>();
  loseLeaseAt: string | null = null;
  calls: string[] = [];
  onDrain?: () => void;

  private act(name: string, undoing = false): void {
    this.calls.push(name);
    if (!undoing && this.failing.delete(name)) throw new Error(`${name} failed`);
    if (undoing && this.failingUndo.has(name)) throw new Error(`${name} failed`);
  }

  state() {
    const fenced = (side: Owner) => TABLES.every((table) => this.fences[side].has(table));
    return { owner: this.owner, stage: this.proxy.stage, proxyFence: this.proxy.fence, fenced: { monolith: fenced("monolith"), service: fenced("service") }, lease: this.leaseRow !== null };
  }

  private mine(held: HeldLease): boolean {
    return this.leaseRow !== null && this.leaseRow.leaseId === held.leaseId && this.leaseRow.holder === held.holder && Date.parse(this.leaseRow.expiresAt) > Date.now();
  }

  async record(): Promise<OwnershipRecord> {
    return { group: this.group, owner: this.owner, epoch: this.epoch, changedAt: "t", reason: null };
  }
  async lease() {
    return this.leaseRow;
  }
  async acquire(input: { from: Owner; to: Owner; reason: string; holder: string; leaseMs: number }) {
    if (this.leaseRow) return null;
    this.leaseRow = { group: this.group, leaseId: `lease-${this.calls.length}`, holder: input.holder, from: input.from, to: input.to, reason: input.reason, startedAt: "t", expiresAt: new Date(Date.now() + input.leaseMs).toISOString(), step: null };
    return { group: this.group, leaseId: this.leaseRow.leaseId, holder: input.holder };
  }
  async takeOver(lease: HeldLease, holder: string, leaseMs: number) {
    if (!this.leaseRow || this.leaseRow.leaseId !== lease.leaseId || Date.parse(this.leaseRow.expiresAt) > Date.now()) return null;
    this.leaseRow = { ...this.leaseRow, holder, expiresAt: new Date(Date.now() + leaseMs).toISOString() };
    return { group: this.group, leaseId: lease.leaseId, holder };
  }
  async renew(held: HeldLease, leaseMs: number, step?: string) {
    if (step !== undefined && step === this.loseLeaseAt && this.leaseRow) this.leaseRow = { ...this.leaseRow, holder: "somebody else" };
    if (!this.mine(held)) return false;
    this.leaseRow = { ...this.leaseRow!, expiresAt: new Date(Date.now() + leaseMs).toISOString(), step: step ?? this.leaseRow!.step };
    return true;
  }
  async release(held: HeldLease) {
    if (!this.leaseRow || this.leaseRow.leaseId !== held.leaseId || this.leaseRow.holder !== held.holder) return false;
    this.leaseRow = null;
    return true;
  }
  async commit(held: HeldLease, to: Owner) {
    this.act("commit");
    if (!this.mine(held)) return false;
    this.owner = to;
    this.epoch += 1;
    return true;
  }
  async settle(held: HeldLease) {
    const rows = (side: Owner) => ({ tables: TABLES, rows: [...this.fences[side]].map(([table, holder]) => ({ table, holder, fencedAt: "t", reason: null })) });
    const plan = planSettle(
      { group: this.group, owner: this.owner, epoch: this.epoch, lease: this.leaseRow, sides: { monolith: rows("monolith"), service: rows("service") }, proxy: { stage: this.proxy.stage, fence: this.proxy.fence ? { holder: this.proxy.fence, reason: null, fencedAt: "t", expiresAt: "t" } : null } },
      held.leaseId,
    );
    const done: string[] = [];
    for (const action of plan) {
      this.act(`settle.${action.kind}`);
      if (action.kind === "fence") for (const table of action.tables) this.fences[action.side].set(table, "ownership");
      if (action.kind === "open") for (const row of action.rows) if (this.fences[action.side].get(row.table) === row.holder) this.fences[action.side].delete(row.table);
      if (action.kind === "route") this.proxy.stage = action.to;
      if (action.kind === "unfence-proxy" && this.proxy.fence === action.holder) this.proxy.fence = null;
      done.push(action.kind);
    }
    return done;
  }
  async isFenced(side: Owner) {
    return TABLES.every((table) => this.fences[side].has(table));
  }
  async fence(side: Owner, holder: string) {
    this.act(`db.fence:${side}`);
    for (const table of TABLES) this.fences[side].set(table, holder);
  }
  async open(side: Owner, holder: string) {
    this.act(`db.open:${side}`, true);
    for (const table of TABLES) if (this.fences[side].get(table) === holder) this.fences[side].delete(table);
  }
  async head() {
    return 40 + this.drainAfter.length;
  }
  async drain(_from: Owner, through: number, signal: AbortSignal, after?: number): Promise<DrainStatus> {
    this.act("db.drain");
    this.drainAfter.push(after);
    this.onDrain?.();
    await Promise.resolve();
    const drained = (this.drains.shift() ?? true) && !signal.aborted;
    return { through, drained, pending: drained ? [] : [{ table: "products", key: '{"id":7}', position: 41 }], unpublished: 0, parked: [] };
  }
  async catchUp(_from: Owner, through: number, signal: AbortSignal, after: number | undefined, onProgress?: (status: DrainStatus, progress: DrainProgress) => void): Promise<DrainWait> {
    this.act("db.catchUp");
    this.drainAfter.push(after);
    const script = this.catchUps.shift() ?? { end: "drained" };
    const pendingRows = (n: number) => Array.from({ length: n }, (_, index) => ({ table: "products", key: `{"id":${7 + index}}`, position: through - index }));
    let last = { elapsedMs: 0, idleMs: 0, pending: 0, unpublished: 0 };
    for (const poll of script.polls ?? []) {
      last = poll;
      const consumer = { lastBatchAt: new Date(Date.now() - 200).toISOString(), lastPosition: through - 1000 };
      onProgress?.({ through, drained: false, pending: pendingRows(poll.pending), unpublished: poll.unpublished, parked: [] }, { elapsedMs: poll.elapsedMs, idleMs: poll.idleMs, consumer });
    }
    if (script.takesMs) await new Promise((resolve) => setTimeout(resolve, script.takesMs));
    const drained = script.end === "drained" && !signal.aborted;
    const gaveUp = drained ? null : signal.aborted ? "aborted" : "stalled";
    return { through, drained, pending: drained ? [] : pendingRows(Math.max(1, last.pending)), unpublished: drained ? 0 : last.unpublished, parked: [], gaveUp, elapsedMs: last.elapsedMs, idleMs: last.idleMs };
  }
  async parked() {
    return this.parkedBack;
  }
  async verify() {
    this.act("db.verifyAll");
    return { drift: this.preDrift.map((key) => `products ${key}: different`), keys: (this.preDrift.length ? { products: this.preDrift } : {}) as Record<string, number[]>, compared: 300 };
  }
  async verifyChangedSince(since: unknown, keys: unknown) {
    this.act("db.verify");
    this.scoped.push({ since, keys });
    return { drift: this.drift, keys: {}, compared: 4 };
  }
  async proxyFence(holder: string) {
    this.act("proxy.fence");
    if (this.proxy.fence && this.proxy.fence !== holder) throw new Error("fence held");
    this.proxy.fence = holder;
  }
  async proxyUnfence(holder: string) {
    this.act("proxy.unfence", true);
    if (this.proxy.fence === holder) this.proxy.fence = null;
  }

  run(to: Owner | undefined, mode: CutoverMode = "run", signal?: AbortSignal) {
    return runCutover({ control: this, mode, to, reason: "test", holder: "cli", leaseMs: 30_000, service: "catalog", signal, onProgress: (line) => this.progress.push(line) });
  }

  /** A cut-over whose process died: its lease row expired, its fences left as they were. */
  interrupted(from: Owner, to: Owner, committed: boolean) {
    this.leaseRow = { group: this.group, leaseId: "dead", holder: "dead-cli", from, to, reason: "x", startedAt: "t", expiresAt: new Date(Date.now() - 1).toISOString(), step: "drain" };
    for (const table of TABLES) this.fences[from].set(table, "dead");
    this.proxy.fence = "dead";
    if (committed) {
      this.owner = to;
      this.epoch += 1;
    }
  }
}

const start = { owner: "monolith", stage: "monolith", proxyFence: null, fenced: { monolith: false, service: true }, lease: false };

describe("the write cut-over", () => {
  it("moves ownership to the service in order: catch up, verify, fence, drain, verify, commit, finish", async () => {
    const world = new FakeWorld();

    const report = await world.run("service");

    expect(world.calls).toEqual(["db.catchUp", "db.verifyAll", "proxy.fence", "db.fence:monolith", "db.drain", "db.verify", "commit", "settle.open", "settle.route", "settle.unfence-proxy"]);
    expect(world.state()).toEqual({ owner: "service", stage: "service", proxyFence: null, fenced: { monolith: true, service: false }, lease: false });
    expect(report).toMatchObject({ from: "monolith", to: "service", outcome: "moved", drainedThrough: 41 });
    expect(world.drainAfter).toEqual([undefined, 40]);
    expect(report.fencedMs).toBeGreaterThanOrEqual(0);
  });

  it("moves ownership back to the monolith the same way, leaving the service's tables fenced", async () => {
    const world = new FakeWorld();
    await world.run("service");
    world.calls = [];

    const report = await world.run("monolith");

    expect(world.calls).toEqual(["db.catchUp", "db.verifyAll", "proxy.fence", "db.fence:service", "db.drain", "db.verify", "commit", "settle.open", "settle.route", "settle.unfence-proxy"]);
    expect(world.state()).toEqual(start);
    expect(report.outcome).toBe("moved");
  });

  it.each([
    ["the proxy fence", "proxy.fence"],
    ["the losing side's fence", "db.fence:monolith"],
    ["the commit", "commit"],
  ])("undoes every step taken when %s fails, so the monolith keeps the writes and the lease is released", async (_label, failing) => {
    const world = new FakeWorld();
    world.failing.add(failing);

    const failure = await world.run("service").catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(CutoverFailed);
    expect((failure as CutoverFailed).message).toContain(`${failing} failed`);
    expect((failure as CutoverFailed).message).toContain("writes stay with the monolith");
    expect(world.state()).toEqual(start);
  });

  it("lets a catch-up that keeps making progress run past any fixed timeout (a backlog of 100,000 changes), printing its progress", async () => {
    const world = new FakeWorld();
    const polls = [0, 4_000, 6_000, 31_000, 62_000, 95_000].map((elapsedMs, index) => ({ elapsedMs, idleMs: 200, pending: 3, unpublished: 90_000 - index * 15_000 }));
    world.catchUps = [{ polls, end: "drained" }];

    const report = await world.run("service");

    expect(report.outcome).toBe("moved");
    expect(world.calls[0]).toBe("db.catchUp");
    expect(world.calls).toContain("commit");
    // One line every CATCH_UP_PROGRESS_EVERY_MS of the wait, none before the first interval has passed.
    expect(CATCH_UP_PROGRESS_EVERY_MS).toBe(5_000);
    expect(world.progress).toEqual([
      expect.stringMatching(/^ {4}… catching up \(6\.0 s\): 3 row\(s\) of the moved tables up to position 40 not yet taken by the service; 60,000 change\(s\) not yet published by the monolith's relay; the service's consumer took its last batch \d\.\d s ago; last progress 0\.2 s ago$/),
      expect.stringContaining("catching up (31 s)"),
      expect.stringContaining("catching up (62 s)"),
      expect.stringContaining("catching up (95 s)"),
    ]);
  });

  it("fences nothing when the catch-up makes no progress, and says what is missing and the fix", async () => {
    const world = new FakeWorld();
    world.catchUps = [{ polls: [{ elapsedMs: 30_400, idleMs: 30_000, pending: 2, unpublished: 12 }], end: "stalled" }];

    const failure = (await world.run("service").catch((err: unknown) => err)) as CutoverFailed;

    expect(failure).toBeInstanceOf(CutoverFailed);
    expect(failure.step).toContain("catch up");
    expect(failure.reason).toBe(
      'the catch-up made no progress for 30 s (--catch-up-stall; 30 s in all): 2 row(s) up to position 40 not taken by the service (first: products {"id":7} at 40); 12 not yet published by the monolith\'s relay (is it running?). ' +
        "Check `strangler sync status`, start the relay or consumer that is stopped and run the command again; if sync is only slow (a busy machine), allow longer pauses with --catch-up-stall <ms>",
    );
    expect(failure.message).toContain("Undone (0 step(s)); writes stay with the monolith.");
    expect(world.calls).toEqual(["db.catchUp"]);
    expect(world.state()).toEqual(start);
  });

  it("catches up again to the new head after a long round, so the drain inside the fence has only the last moments left", async () => {
    const world = new FakeWorld();
    world.catchUps = [{ end: "drained", takesMs: SHORT_CATCH_UP_ROUND_MS + 50 }, { end: "drained" }];

    const report = await world.run("service");

    expect(world.calls.slice(0, 3)).toEqual(["db.catchUp", "db.catchUp", "db.verifyAll"]);
    // The second round starts past the first one's position; the fenced drain past the second's.
    expect(world.drainAfter).toEqual([undefined, 40, 41]);
    expect(report.steps[0].detail).toBe("through position 41 (2 rounds: the changes made during a long one caught up again)");
    expect(report.drainedThrough).toBe(42);
  });

  it("undoes the cut-over when the fenced drain does not finish within --drain-timeout, and says which row was missing", async () => {
    const world = new FakeWorld();
    world.drains = [false];

    const failure = (await world.run("service").catch((err: unknown) => err)) as CutoverFailed;

    expect(failure.step).toContain("drain the monolith's changes");
    expect(failure.reason).toContain("not drained within --drain-timeout");
    expect(failure.reason).toContain('products {"id":7} at 41');
    expect(world.state()).toEqual(start);
    expect(world.calls).not.toContain("commit");
  });

  it("verifies every row before the fence, and inside it only the rows changed since plus those that differed then", async () => {
    const world = new FakeWorld();
    world.preDrift = [17];

    const report = await world.run("service");

    expect(report.outcome).toBe("moved");
    expect(report.steps.find((step) => step.name.startsWith("verify every row"))?.detail).toBe("300 rows; 1 key(s) differ while writes flow: compared again inside the fence");
    expect(world.scoped).toEqual([{ since: { monolith: 41, service: 41 }, keys: { products: [17] } }]);
  });

  it("undoes the cut-over when verify finds drift, naming the drifted keys", async () => {
    const world = new FakeWorld();
    world.drift = ['products {"id":3}: name differs'];

    const failure = (await world.run("service").catch((err: unknown) => err)) as CutoverFailed;

    expect(failure.reason).toContain('products {"id":3}: name differs');
    expect(world.state()).toEqual(start);
  });

  it("stops and undoes when the operator interrupts during the drain", async () => {
    const world = new FakeWorld();
    const abort = new AbortController();
    world.onDrain = () => {
      if (world.drainAfter.length === 2) abort.abort("interrupted by the operator");
    };

    const failure = (await world.run("service", "run", abort.signal).catch((err: unknown) => err)) as CutoverFailed;

    expect(failure.reason).toBe("interrupted by the operator");
    expect(world.state()).toEqual(start);
  });

  it("stops before the commit when its lease was lost (a paused process), and commits nothing", async () => {
    const world = new FakeWorld();
    world.loseLeaseAt = "verify the rows changed since, at that position";

    const failure = (await world.run("service").catch((err: unknown) => err)) as CutoverFailed;

    expect(failure.reason).toContain("lease was lost");
    expect(world.calls).not.toContain("commit");
    expect(world.state().owner).toBe("monolith");
    expect(world.state().fenced.monolith).toBe(false);
  });

  it("says so when an undo fails too, keeps the lease for the keeper, and still runs the other undos", async () => {
    const world = new FakeWorld();
    world.drift = ["drift"];
    world.failingUndo.add("db.open:monolith");

    const failure = (await world.run("service").catch((err: unknown) => err)) as CutoverFailed;

    expect(failure.undoFailures).toEqual([expect.stringContaining('could not undo "fence the moved tables in the monolith\'s database"')]);
    expect(failure.message).toContain("UNDO INCOMPLETE");
    expect(world.state().proxyFence).toBeNull();
    expect(world.state().lease).toBe(true);
  });

  it("finishes instead of undoing when a step after the commit fails, and reports the commit", async () => {
    const world = new FakeWorld();
    world.failing.add("settle.route");

    const report = await world.run("service");

    expect(report.outcome).toBe("moved");
    expect(world.state()).toEqual({ owner: "service", stage: "service", proxyFence: null, fenced: { monolith: true, service: false }, lease: false });
  });

  it("refuses before changing anything when the gaining side has parked changes towards the losing side", async () => {
    const world = new FakeWorld();
    world.parkedBack = 2;

    await expect(world.run("service")).rejects.toThrow(CutoverRefused);

    expect(world.calls).toEqual([]);
  });

  it("refuses while another cut-over's lease is live, and while an interrupted one is not settled", async () => {
    const world = new FakeWorld();
    world.leaseRow = { group: world.group, leaseId: "other", holder: "other-cli", from: "monolith", to: "service", reason: null, startedAt: "t", expiresAt: new Date(Date.now() + 60_000).toISOString(), step: "drain" };
    await expect(world.run("service")).rejects.toThrow(/is at work .*held by other-cli/);

    world.interrupted("monolith", "service", false);
    await expect(world.run("service")).rejects.toThrow(/--resume.*--abort/);
    expect(world.calls).toEqual([]);
  });

  it("only settles the end state when the group already belongs to the requested side", async () => {
    const world = new FakeWorld();
    world.owner = "service";
    world.proxy.stage = "service";
    world.fences.service.clear();

    const report = await world.run("service");

    expect(report.outcome).toBe("already");
    expect(world.state()).toEqual({ owner: "service", stage: "service", proxyFence: null, fenced: { monolith: true, service: false }, lease: false });
    expect(world.calls).not.toContain("db.drain");
  });

  it("--abort undoes an interrupted cut-over that had not committed", async () => {
    const world = new FakeWorld();
    world.interrupted("monolith", "service", false);

    const report = await world.run(undefined, "abort");

    expect(report.outcome).toBe("aborted");
    expect(world.state()).toEqual(start);
  });

  it("--abort refuses when the interrupted cut-over had committed; --resume then finishes it", async () => {
    const world = new FakeWorld();
    world.interrupted("monolith", "service", true);

    await expect(world.run(undefined, "abort")).rejects.toThrow(/had already committed/);
    const report = await world.run(undefined, "resume");

    expect(report.outcome).toBe("finished");
    expect(world.state()).toEqual({ owner: "service", stage: "service", proxyFence: null, fenced: { monolith: true, service: false }, lease: false });
  });

  it("--resume runs an interrupted cut-over that had not committed to its end", async () => {
    const world = new FakeWorld();
    world.interrupted("monolith", "service", false);

    const report = await world.run(undefined, "resume");

    expect(report.outcome).toBe("moved");
    expect(world.state()).toEqual({ owner: "service", stage: "service", proxyFence: null, fenced: { monolith: true, service: false }, lease: false });
  });

  it("--resume and --abort say there is nothing to do when no cut-over was interrupted", async () => {
    const world = new FakeWorld();
    expect((await world.run(undefined, "resume")).outcome).toBe("none");
    expect((await world.run(undefined, "abort")).outcome).toBe("none");
    expect(world.state()).toEqual(start);
  });
});
