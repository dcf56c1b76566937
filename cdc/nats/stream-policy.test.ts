import { streamConfigProblems } from "./stream-policy";

const HOUR_NS = 3600 * 1e9;
const safe = { retention: "limits", discard: "new", max_age: 0, max_msgs: -1, max_bytes: -1, max_msgs_per_subject: -1, duplicate_window: 2 * HOUR_NS } as const;
const requirements = { minDuplicateWindowMs: 3600_000 };

describe("streamConfigProblems", () => {
  it("accepts a stream without limits and with a long enough duplicate window", () => {
    expect(streamConfigProblems(safe, requirements)).toEqual([]);
  });

  it("rejects an age limit, which expires unconsumed changes", () => {
    expect(streamConfigProblems({ ...safe, max_age: HOUR_NS }, requirements)).toEqual([expect.stringContaining("max_age")]);
  });

  it("rejects count and size limits that discard old messages, but not ones that refuse new ones", () => {
    expect(streamConfigProblems({ ...safe, discard: "old", max_msgs: 1000 }, requirements)).toEqual([expect.stringContaining("max_msgs")]);
    expect(streamConfigProblems({ ...safe, discard: "new", max_bytes: 1e9 }, requirements)).toEqual([]);
  });

  it("rejects interest and work-queue retention", () => {
    expect(streamConfigProblems({ ...safe, retention: "interest" }, requirements)).toEqual([expect.stringContaining("retention")]);
    expect(streamConfigProblems({ ...safe, retention: "workqueue" }, requirements)).toEqual([expect.stringContaining("retention")]);
  });

  it("rejects a duplicate window shorter than the relay outage to cover", () => {
    expect(streamConfigProblems({ ...safe, duplicate_window: 120 * 1e9 }, requirements)).toEqual([expect.stringContaining("duplicate_window")]);
  });
});
