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

  it("rejects fewer replicas than required, naming nats stream edit and NATS_REPLICAS", () => {
    const problems = streamConfigProblems({ ...safe, name: "CDC_SHOP", num_replicas: 1 }, { ...requirements, minReplicas: 3 });
    expect(problems).toEqual([expect.stringContaining("num_replicas is 1 where 3 are required")]);
    expect(problems[0]).toContain("nats stream edit CDC_SHOP --replicas 3");
    expect(problems[0]).toContain("NATS_REPLICAS=1");
  });

  it("accepts as many replicas as required or more, and does not check replicas unless asked", () => {
    expect(streamConfigProblems({ ...safe, num_replicas: 3 }, { ...requirements, minReplicas: 3 })).toEqual([]);
    expect(streamConfigProblems({ ...safe, num_replicas: 5 }, { ...requirements, minReplicas: 3 })).toEqual([]);
    expect(streamConfigProblems({ ...safe, num_replicas: 1 }, { ...requirements, minReplicas: 1 })).toEqual([]);
    expect(streamConfigProblems({ ...safe, num_replicas: 1 }, requirements)).toEqual([]);
  });

  it("rejects a duplicate window shorter than the relay outage to cover", () => {
    expect(streamConfigProblems({ ...safe, duplicate_window: 120 * 1e9 }, requirements)).toEqual([expect.stringContaining("duplicate_window")]);
  });
});
