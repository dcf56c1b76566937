import type { DrainStatus } from "../../../cdc";
import type { DatabaseControl, Owner, ProxyControl } from "./ports";
import { CutoverFailed, CutoverRefused, runCutover } from "./run-cutover";

/** A fake stack: the proxy's group owner and fence, each database's fence, and what fails. */
class FakeWorld {
  owner: Owner = "monolith";
  proxyFenced = false;
  fenced: Record<Owner, boolean> = { monolith: false, service: false };
  /** Outcome of each drain in turn (catch-up, then the fenced drain); drained when the list runs out. */
  drains: boolean[] = [];
  drainAfter: Array<number | undefined> = [];
  drift: string[] = [];
  /** Keys the full verify before the fence finds different (in flight, say). */
  preDrift: number[] = [];
  scoped: Array<{ since: unknown; keys: unknown }> = [];
  parkedBack = 0;
  failing = new Set<string>();
  failingUndo = new Set<string>();
  calls: string[] = [];
  onDrain?: () => void;

  private act(name: string, undoing = false): void {
    this.calls.push(name);
    // A forward failure happens once (the undo of the same action then works); an undo failure stays.
    if (!undoing && this.failing.delete(name)) throw new Error(`${name} failed`);
    if (undoing && this.failingUndo.has(name)) throw new Error(`${name} failed`);
  }

  state() {
    return { owner: this.owner, proxyFenced: this.proxyFenced, fenced: { ...this.fenced } };
  }

  proxy(): ProxyControl {
    return {
      ownerOf: async () => this.owner,
      fence: async () => {
        this.act("proxy.fence");
        this.proxyFenced = true;
      },
      unfence: async (_group, reason) => {
        this.act("proxy.unfence", reason.startsWith("undo:"));
        this.proxyFenced = false;
      },
      route: async (_group, owner, reason) => {
        this.act(`proxy.route:${owner}`, reason.startsWith("undo:"));
        this.owner = owner;
      },
    };
  }

  db(): DatabaseControl {
    const status = (through: number, drained: boolean): DrainStatus => ({
      through,
      drained,
      pending: drained ? [] : [{ table: "products", key: '{"id":7}', position: 41 }],
      unpublished: 0,
      parked: [],
    });
    return {
      isFenced: async (side) => this.fenced[side],
      fence: async (side, reason) => {
        this.act(`db.fence:${side}`, reason.startsWith("undo:"));
        this.fenced[side] = true;
      },
      unfence: async (side) => {
        this.act(`db.unfence:${side}`);
        this.fenced[side] = false;
      },
      head: async () => 40 + this.drainAfter.length,
      drain: async (_from, through, signal, after) => {
        this.act("db.drain");
        this.drainAfter.push(after);
        this.onDrain?.();
        await Promise.resolve();
        const drained = this.drains.shift() ?? true;
        return status(through, drained && !signal.aborted);
      },
      parked: async () => this.parkedBack,
      verify: async () => {
        this.act("db.verifyAll");
        return { drift: this.preDrift.map((key) => `products ${key}: different`), keys: (this.preDrift.length ? { products: this.preDrift } : {}) as Record<string, number[]>, compared: 300 };
      },
      verifyChangedSince: async (since, keys) => {
        this.act("db.verify");
        this.scoped.push({ since, keys });
        return { drift: this.drift, keys: {}, compared: 4 };
      },
    };
  }

  run(to: Owner, signal?: AbortSignal) {
    return runCutover({ group: "catalog-writes", to, reason: "test", proxy: this.proxy(), db: this.db(), signal });
  }
}

describe("the write cut-over", () => {
  it("moves ownership to the service in order: fence, drain, verify, flip, open the service, lift the proxy fence", async () => {
    const world = new FakeWorld();

    const report = await world.run("service");

    expect(world.calls).toEqual(["db.drain", "db.verifyAll", "proxy.fence", "db.fence:monolith", "db.fence:service", "db.drain", "db.verify", "proxy.route:service", "db.unfence:service", "proxy.unfence"]);
    expect(world.state()).toEqual({ owner: "service", proxyFenced: false, fenced: { monolith: true, service: false } });
    expect(report).toMatchObject({ from: "monolith", to: "service", outcome: "moved", drainedThrough: 41 });
    // The fenced drain only looks past the position the catch-up already drained.
    expect(world.drainAfter).toEqual([undefined, 40]);
    expect(report.fencedMs).toBeGreaterThanOrEqual(0);
  });

  it("moves ownership back to the monolith the same way, leaving the service's tables fenced", async () => {
    const world = new FakeWorld();
    await world.run("service");
    world.calls = [];

    const report = await world.run("monolith");

    expect(world.calls).toEqual(["db.drain", "db.verifyAll", "proxy.fence", "db.fence:service", "db.fence:monolith", "db.drain", "db.verify", "proxy.route:monolith", "db.unfence:monolith", "proxy.unfence"]);
    expect(world.state()).toEqual({ owner: "monolith", proxyFenced: false, fenced: { monolith: false, service: true } });
    expect(report.outcome).toBe("moved");
  });

  it.each([
    ["the proxy fence", "proxy.fence"],
    ["the losing side's fence", "db.fence:monolith"],
    ["the gaining side's fence", "db.fence:service"],
    ["the flip", "proxy.route:service"],
    ["opening the gaining side", "db.unfence:service"],
    ["lifting the proxy fence", "proxy.unfence"],
  ])("undoes every step taken when %s fails, so the monolith keeps the writes", async (_label, failing) => {
    const world = new FakeWorld();
    const before = world.state();
    world.failing.add(failing);

    const failure = await world.run("service").catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(CutoverFailed);
    expect((failure as CutoverFailed).message).toContain(`${failing} failed`);
    expect((failure as CutoverFailed).message).toContain("writes stay with the monolith");
    expect(world.state()).toEqual(before);
  });

  it("fences nothing when the gaining side cannot catch up while writes still flow", async () => {
    const world = new FakeWorld();
    world.drains = [false];

    const failure = (await world.run("service").catch((err: unknown) => err)) as CutoverFailed;

    expect(failure.step).toContain("catch up");
    expect(failure.reason).toContain('products {"id":7} at 41');
    expect(world.calls).toEqual(["db.drain"]);
    expect(world.state()).toEqual({ owner: "monolith", proxyFenced: false, fenced: { monolith: false, service: false } });
  });

  it("undoes the cut-over when the fenced drain does not finish, and says which row was missing", async () => {
    const world = new FakeWorld();
    world.drains = [true, false];

    const failure = (await world.run("service").catch((err: unknown) => err)) as CutoverFailed;

    expect(failure.step).toContain("drain the monolith's changes");
    expect(failure.reason).toContain('products {"id":7} at 41');
    expect(world.state()).toEqual({ owner: "monolith", proxyFenced: false, fenced: { monolith: false, service: false } });
    expect(world.calls).not.toContain("proxy.route:service");
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
    expect(world.state().owner).toBe("monolith");
    expect(world.state().proxyFenced).toBe(false);
  });

  it("keeps a gaining side fenced on undo when it was fenced before the cut-over", async () => {
    const world = new FakeWorld();
    world.fenced.service = true;
    world.drift = ["drift"];

    await expect(world.run("service")).rejects.toBeInstanceOf(CutoverFailed);

    expect(world.state()).toEqual({ owner: "monolith", proxyFenced: false, fenced: { monolith: false, service: true } });
  });

  it("stops and undoes when the operator interrupts during the drain", async () => {
    const world = new FakeWorld();
    const abort = new AbortController();
    world.onDrain = () => {
      if (world.drainAfter.length === 2) abort.abort();
    };

    const failure = (await world.run("service", abort.signal).catch((err: unknown) => err)) as CutoverFailed;

    expect(failure.reason).toBe("interrupted by the operator");
    expect(world.state()).toEqual({ owner: "monolith", proxyFenced: false, fenced: { monolith: false, service: false } });
  });

  it("says so when an undo fails too, and still runs the other undos", async () => {
    const world = new FakeWorld();
    world.failing.add("proxy.unfence");
    world.failingUndo.add("proxy.route:monolith");

    const failure = (await world.run("service").catch((err: unknown) => err)) as CutoverFailed;

    expect(failure.undoFailures).toEqual([expect.stringContaining('could not undo "route catalog-writes writes to the service"')]);
    expect(failure.message).toContain("UNDO INCOMPLETE");
    expect(world.state().proxyFenced).toBe(false);
    expect(world.state().fenced.monolith).toBe(false);
  });

  it("refuses before changing anything when the gaining side has parked changes towards the losing side", async () => {
    const world = new FakeWorld();
    world.parkedBack = 2;

    await expect(world.run("service")).rejects.toThrow(CutoverRefused);

    expect(world.calls).toEqual([]);
  });

  it("only settles the end state when the group already writes to the requested side (a repeated or interrupted command)", async () => {
    const world = new FakeWorld();
    world.owner = "service";
    world.proxyFenced = true;
    world.fenced = { monolith: false, service: true };

    const report = await world.run("service");

    expect(report.outcome).toBe("already");
    expect(world.state()).toEqual({ owner: "service", proxyFenced: false, fenced: { monolith: true, service: false } });
    expect(world.calls).not.toContain("db.drain");
  });
});
