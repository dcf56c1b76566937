import { maskWrittenTimes, WRITTEN_DURING_RUN } from "./write-parity-runner";

const since = "2026-01-01T00:00:00.000Z";

describe("maskWrittenTimes", () => {
  it("masks timestamps written during the run and the ETag hashing them", () => {
    const answer = { status: 200, headers: { etag: '"abc"' }, body: { id: 1, createdAt: "2024-01-01T00:00:00.000Z", updatedAt: "2026-02-01T10:00:00.000Z" } };
    expect(maskWrittenTimes(answer, since)).toEqual({ status: 200, headers: { etag: "<etag of the masked body>" }, body: { id: 1, createdAt: "2024-01-01T00:00:00.000Z", updatedAt: WRITTEN_DURING_RUN } });
  });

  it("keeps the exact times and ETag of rows the run did not touch, also inside lists", () => {
    const answer = { status: 200, headers: { etag: '"abc"' }, body: { items: [{ createdAt: "2024-01-01T00:00:00.000Z", updatedAt: "2024-01-02T00:00:00.000Z" }] } };
    expect(maskWrittenTimes(answer, since)).toEqual(answer);
  });
});
