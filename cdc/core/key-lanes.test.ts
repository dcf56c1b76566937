import { KeyLanes } from "./key-lanes";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("KeyLanes", () => {
  it("runs tasks of one key one after another in the order added", async () => {
    const lanes = new KeyLanes(10);
    const order: string[] = [];
    const first = gate();
    lanes.add("k", async () => {
      await first.opened;
      order.push("k1");
    });
    lanes.add("k", async () => {
      order.push("k2");
    });
    lanes.add("other", async () => {
      order.push("other");
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["other"]);
    first.open();
    await lanes.drained();
    expect(order).toEqual(["other", "k1", "k2"]);
  });

  it("holds new tasks while the limit of unfinished tasks is reached", async () => {
    const lanes = new KeyLanes(2);
    const blocker = gate();
    lanes.add("a", () => blocker.opened);
    lanes.add("b", () => blocker.opened);
    let got = false;
    const waiting = lanes.slot().then(() => (got = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(got).toBe(false);
    blocker.open();
    await waiting;
    expect(got).toBe(true);
    await lanes.drained();
    expect(lanes.size).toBe(0);
  });
});
