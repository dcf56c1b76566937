import { changeEventId, type ChangeEvent } from "../../contracts";
import { DISCARDED_CHANGES_TABLE, installDiscardedChangesV1 } from "../sqlite/discarded-changes-v1";
import { CdcError } from "../core/errors";
import { pipelineFixture, type PipelineFixture } from "../testing";
import { SqlTargetStore } from "./sql-target-store";

let fixture: PipelineFixture;

beforeAll(async () => {
  fixture = await pipelineFixture();
  const runner = fixture.target.createQueryRunner();
  await installDiscardedChangesV1(runner);
  await runner.release();
});

afterAll(async () => {
  await fixture?.close();
});

/** A change of row `id` of `items` at `position`, after its row's change at `previous`. */
function change(position: number, previous: number | null, id: number, name: string): ChangeEvent {
  return {
    kind: "change",
    id: changeEventId("shop", position),
    source: "shop",
    position,
    previousPosition: previous,
    table: "items",
    op: previous === null ? "insert" : "update",
    key: { id },
    before: null,
    after: { id, name, qty: position },
    committedAt: new Date().toISOString(),
    origin: "shop",
  };
}

const rowName = async (id: number) => ((await fixture.target.query(`SELECT "name" FROM "item_copies" WHERE "id" = ?`, [id])) as Array<{ name: string }>)[0]?.name;

describe("SqlTargetStore.discardParked (real SQLite)", () => {
  const store = () => new SqlTargetStore({ db: fixture.target, consumer: "discard", source: "shop", mapping: fixture.mapping });

  it("drops a row's parked changes with an audit row each, and the row's next change applies instead of waiting for them", async () => {
    const target = store();
    expect(await target.applyBatch([change(1, null, 1, "fine"), change(2, null, 2, "other")])).toEqual([{ kind: "applied" }, { kind: "applied" }]);

    // Position 3 can never apply (poison); 4 is parked behind it; row 2 has a parked change of its own.
    fixture.poisonNames.add("poison");
    expect((await target.applyBatch([change(3, 1, 1, "poison")]))[0]).toMatchObject({ kind: "failed" });
    await target.park(change(3, 1, 1, "poison"), 'poison item "poison"', 3, new Date("2026-01-01T00:00:00.000Z"));
    expect(await target.applyBatch([change(4, 3, 1, "after-poison")])).toEqual([{ kind: "parked", reason: "held behind parked change shop:3 of the same row" }]);
    await target.park(change(5, 2, 2, "poison"), 'poison item "poison"', 3, new Date());

    const result = await target.discardParked({ key: '{"id":1}' }, { reason: "the product was deleted by hand", actor: "ops:alice" });
    expect(result).toEqual({ discarded: 2, stillParked: 1 });
    expect((await target.listParked()).map((parked) => parked.position)).toEqual([5]);

    const audit = (await fixture.target.query(`SELECT * FROM "${DISCARDED_CHANGES_TABLE}" ORDER BY "position"`)) as Array<Record<string, unknown>>;
    expect(audit).toEqual([
      expect.objectContaining({ source: "shop", position: 3, table_name: "items", key: '{"id":1}', parked_reason: 'poison item "poison"', attempts: 3, first_failed_at: "2026-01-01T00:00:00.000Z", reason: "the product was deleted by hand", actor: "ops:alice", discarded_at: expect.any(String) }),
      expect.objectContaining({ position: 4, parked_reason: "held behind parked change shop:3 of the same row", attempts: 0 }),
    ]);
    expect(JSON.parse(audit[0].event as string)).toMatchObject({ id: "shop:3", position: 3, previousPosition: 1, after: { id: 1, name: "poison", qty: 3 } });

    // The row keeps what it had; its next change (predecessor 4, discarded) applies at once.
    expect(await rowName(1)).toBe("fine");
    expect(await target.applyBatch([change(6, 4, 1, "next")])).toEqual([{ kind: "applied" }]);
    expect(await rowName(1)).toBe("next");
    // A discarded change delivered again (a replay from an older position) is never applied.
    fixture.poisonNames.clear();
    expect(await target.applyBatch([change(3, 1, 1, "poison")])).toEqual([{ kind: "skipped", reason: "older" }]);
    expect(await rowName(1)).toBe("next");
  });

  it("lets a change whose predecessor was the discarded head apply when it arrives after the discard", async () => {
    const target = store();
    expect(await target.applyBatch([change(10, null, 3, "fine")])).toEqual([{ kind: "applied" }]);
    await target.park(change(11, 10, 3, "never"), "cannot apply", 3, new Date());
    expect(await target.discardParked({ key: '{"id":3}', table: "items" }, { reason: "superseded" })).toEqual({ discarded: 1, stillParked: 1 });
    const [row] = (await fixture.target.query(`SELECT "actor" FROM "${DISCARDED_CHANGES_TABLE}" WHERE "position" = 11`)) as Array<{ actor: string }>;
    expect(row.actor).toBe("unknown");
    expect(await target.applyBatch([change(12, 11, 3, "later")])).toEqual([{ kind: "applied" }]);
    expect(await rowName(3)).toBe("later");
  });

  it("refuses without a reason or key, and discards nothing of another source or key", async () => {
    const target = store();
    await expect(target.discardParked({ key: '{"id":2}' }, { reason: "   " })).rejects.toMatchObject({ code: "CDC_ERR_DISCARD_REFUSED" });
    await expect(target.discardParked({ key: "" }, { reason: "why" })).rejects.toBeInstanceOf(CdcError);
    expect(await target.discardParked({ key: '{"id":2}', source: "elsewhere" }, { reason: "why" })).toEqual({ discarded: 0, stillParked: 1 });
    expect(await target.discardParked({ key: '{"id":99}' }, { reason: "why" })).toEqual({ discarded: 0, stillParked: 1 });
    expect((await target.listParked()).map((parked) => parked.position)).toEqual([5]);
  });

  it("refuses on a target without the audit table and keeps the parked change", async () => {
    const bare = await fixture.openTarget("bare");
    const target = new SqlTargetStore({ db: bare, consumer: "bare", source: "shop", mapping: fixture.mapping });
    await target.park(change(20, null, 7, "x"), "cannot apply", 3, new Date());
    await expect(target.discardParked({ key: '{"id":7}' }, { reason: "why" })).rejects.toMatchObject({ code: "CDC_ERR_DISCARD_REFUSED", message: expect.stringContaining("installDiscardedChangesV1") });
    expect((await target.listParked()).map((parked) => parked.position)).toEqual([20]);
  });
});
