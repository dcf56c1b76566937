import { QueryFailedError } from "typeorm";
import { isUniqueViolation } from "./unique-violation";

const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe("isUniqueViolation", () => {
  it("recognises SQLite's unique and primary-key violations inside TypeORM's QueryFailedError", () => {
    expect(isUniqueViolation(new QueryFailedError("INSERT …", [], sqliteError("SQLITE_CONSTRAINT_UNIQUE", "UNIQUE constraint failed: products.sku")))).toBe(true);
    expect(isUniqueViolation(new QueryFailedError("INSERT …", [], sqliteError("SQLITE_CONSTRAINT_PRIMARYKEY", "UNIQUE constraint failed: products.id")))).toBe(true);
  });

  it("never takes a write the fence refused for a duplicate, though SQLite reports it as a constraint error", () => {
    const fenced = sqliteError("SQLITE_CONSTRAINT_TRIGGER", 'STRANGLER_WRITE_FENCED: writes to "products" are fenced: this database does not own them now');
    expect(isUniqueViolation(new QueryFailedError("INSERT …", [], fenced))).toBe(false);
  });
});
