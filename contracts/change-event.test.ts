import { cdcMessageSchema, changeEventId, txGroupId } from "./change-event";

const event = {
  kind: "change",
  id: changeEventId("monolith", 7),
  source: "monolith",
  position: 7,
  previousPosition: 3,
  table: "products",
  op: "update",
  key: { id: 1 },
  before: { id: 1, name: "a" },
  after: { id: 1, name: "b" },
  committedAt: "2026-01-31T12:00:00.000Z",
  origin: "monolith",
};

describe("change event contract", () => {
  it("accepts a well-formed change and heartbeat", () => {
    expect(cdcMessageSchema.parse(event)).toEqual(event);
    expect(cdcMessageSchema.safeParse({ kind: "heartbeat", source: "monolith", position: 0, at: "2026-01-31T12:00:00.000Z" }).success).toBe(true);
  });

  it("rejects unknown operations, bad positions and invalid source names", () => {
    expect(cdcMessageSchema.safeParse({ ...event, op: "merge" }).success).toBe(false);
    expect(cdcMessageSchema.safeParse({ ...event, position: 0 }).success).toBe(false);
    expect(cdcMessageSchema.safeParse({ ...event, source: "Mono.lith" }).success).toBe(false);
  });

  it("takes an optional request id (additive: events without one stay valid)", () => {
    expect(cdcMessageSchema.parse({ ...event, requestId: "abc" })).toEqual({ ...event, requestId: "abc" });
    expect(cdcMessageSchema.parse(event)).not.toHaveProperty("requestId");
    expect(cdcMessageSchema.safeParse({ ...event, requestId: "" }).success).toBe(false);
    expect(cdcMessageSchema.safeParse({ ...event, requestId: "a b" }).success).toBe(false);
    expect(cdcMessageSchema.safeParse({ ...event, requestId: "x".repeat(129) }).success).toBe(false);
  });

  it("takes an optional source transaction group (additive: events without one are a group of their own)", () => {
    const tx = { id: txGroupId("monolith", 12), size: 3 };
    expect(tx.id).toBe("monolith:tx:12");
    expect(cdcMessageSchema.parse({ ...event, tx })).toEqual({ ...event, tx });
    expect(cdcMessageSchema.parse(event)).not.toHaveProperty("tx");
    expect(cdcMessageSchema.safeParse({ ...event, tx: { id: "monolith:tx:12", size: 0 } }).success).toBe(false);
    expect(cdcMessageSchema.safeParse({ ...event, tx: { id: "", size: 1 } }).success).toBe(false);
    expect(cdcMessageSchema.safeParse({ ...event, tx: { id: "monolith:tx:12" } }).success).toBe(false);
  });
});
