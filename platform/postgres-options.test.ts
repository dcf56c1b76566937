import { isPostgresUrl, redactDatabaseUrl } from "./postgres-options";

describe("database URLs in logs and messages", () => {
  it("masks a password, keeps a URL without one and a file path as they are", () => {
    expect(redactDatabaseUrl("postgres://shop:hunter2@db:5432/shop")).toBe("postgres://shop:***@db:5432/shop");
    expect(redactDatabaseUrl("postgres://postgres@127.0.0.1:5432/shop")).toBe("postgres://postgres@127.0.0.1:5432/shop");
    expect(redactDatabaseUrl("/srv/data/monolith.sqlite")).toBe("/srv/data/monolith.sqlite");
    expect(redactDatabaseUrl("postgres://[bad")).toBe("<unparsable database URL>");
  });

  it("tells a PostgreSQL URL from anything else", () => {
    expect(isPostgresUrl("postgresql://db/shop")).toBe(true);
    expect(isPostgresUrl("POSTGRES://db/shop")).toBe(true);
    expect(isPostgresUrl("./monolith.sqlite")).toBe(false);
    expect(isPostgresUrl("mysql://db/shop")).toBe(false);
  });
});
