import { sqliteWriteFenceV2 } from "./sqlite-write-fence-v2";

// Pins the SQL of the frozen v2 write fence: migrations that ran it must mean the same forever.
describe("sqliteWriteFenceV2 (frozen)", () => {
  it("adds a nullable holder column to the v1 fence table", () => {
    expect(sqliteWriteFenceV2.addHolder()).toEqual([`ALTER TABLE "_strangler_write_fence" ADD COLUMN "holder" TEXT`]);
  });
});
