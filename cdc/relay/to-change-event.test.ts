import { changeEventSchema } from "../../contracts";
import type { LoggedChange } from "../core/ports";
import { toChangeEvent } from "./to-change-event";

const change: LoggedChange = {
  position: 5,
  previousPosition: null,
  table: "categories",
  op: "insert",
  key: { id: "c-1" },
  before: null,
  after: { id: "c-1", slug: "pens" },
  committedAt: "2026-01-31T12:00:00.000Z",
  origin: "catalog",
};

describe("toChangeEvent", () => {
  it("carries the writer's request id (capture v3)", () => {
    const event = toChangeEvent("catalog", { ...change, requestId: "abc" });
    expect(event).toMatchObject({ id: "catalog:5", requestId: "abc" });
    expect(changeEventSchema.parse(event)).toEqual(event);
  });

  it("leaves it out when the log has none, so events of v1/v2 logs stay as they were", () => {
    expect(toChangeEvent("monolith", change)).not.toHaveProperty("requestId");
    expect(toChangeEvent("catalog", { ...change, requestId: null })).not.toHaveProperty("requestId");
  });

  it("leaves out a malformed one rather than publishing an event every consumer would terminate", () => {
    const event = toChangeEvent("catalog", { ...change, requestId: "not an id; DROP" });
    expect(event).not.toHaveProperty("requestId");
    expect(changeEventSchema.safeParse(event).success).toBe(true);
  });
});
