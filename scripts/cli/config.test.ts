import { readCliConfig } from "./config";

describe("readCliConfig", () => {
  it("defaults to the admin API on 127.0.0.1:8081 and no failpoint", () => {
    const config = readCliConfig({ STRANGLER_DATA_DIR: "/nonexistent-strangler-dir" });
    expect(config.adminUrl).toBe("http://127.0.0.1:8081");
    expect(config.adminToken).toBeUndefined();
    expect(config.cutoverFreezeAfter).toBeUndefined();
  });

  it("reads the cut-over failpoint the fault suite sets (0 = after the header)", () => {
    expect(readCliConfig({ STRANGLER_FAILPOINT_CUTOVER_FREEZE_AFTER: "0" }).cutoverFreezeAfter).toBe(0);
    expect(readCliConfig({ STRANGLER_FAILPOINT_CUTOVER_FREEZE_AFTER: "5" }).cutoverFreezeAfter).toBe(5);
  });

  it("refuses a failpoint that is not a step, naming the variable", () => {
    expect(() => readCliConfig({ STRANGLER_FAILPOINT_CUTOVER_FREEZE_AFTER: "twelve" })).toThrow(/STRANGLER_FAILPOINT_CUTOVER_FREEZE_AFTER/);
    expect(() => readCliConfig({ STRANGLER_FAILPOINT_CUTOVER_FREEZE_AFTER: "10" })).toThrow(/STRANGLER_FAILPOINT_CUTOVER_FREEZE_AFTER/);
  });

  it("reads MONOLITH_DATABASE_URL (the relay lines read the PostgreSQL change log), and refuses anything but a PostgreSQL URL without repeating it", () => {
    expect(readCliConfig({}).monolithDatabaseUrl).toBeUndefined();
    expect(readCliConfig({ MONOLITH_DATABASE_URL: " " }).monolithDatabaseUrl).toBeUndefined();
    expect(readCliConfig({ MONOLITH_DATABASE_URL: "postgres://shop:secret@127.0.0.1:5432/shop" }).monolithDatabaseUrl).toBe("postgres://shop:secret@127.0.0.1:5432/shop");
    const bad = () => readCliConfig({ MONOLITH_DATABASE_URL: "mysql://root:hunter22@db/shop" });
    expect(bad).toThrow(/MONOLITH_DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL\. Fix: give a PostgreSQL URL/);
    expect(bad).toThrow(expect.objectContaining({ message: expect.not.stringContaining("hunter22") }));
  });
});
