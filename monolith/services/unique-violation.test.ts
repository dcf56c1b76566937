import { QueryFailedError } from "typeorm";
import { isForeignKeyViolation, isUniqueViolation } from "./unique-violation";

const driverError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe("isUniqueViolation", () => {
  it("recognises SQLite's unique and primary-key violations inside TypeORM's QueryFailedError", () => {
    expect(isUniqueViolation(new QueryFailedError("INSERT …", [], driverError("SQLITE_CONSTRAINT_UNIQUE", "UNIQUE constraint failed: products.sku")))).toBe(true);
    expect(isUniqueViolation(new QueryFailedError("INSERT …", [], driverError("SQLITE_CONSTRAINT_PRIMARYKEY", "UNIQUE constraint failed: products.id")))).toBe(true);
  });

  it("never takes a write the fence refused for a duplicate, though SQLite reports it as a constraint error", () => {
    const fenced = driverError("SQLITE_CONSTRAINT_TRIGGER", 'STRANGLER_WRITE_FENCED: writes to "products" are fenced: this database does not own them now');
    expect(isUniqueViolation(new QueryFailedError("INSERT …", [], fenced))).toBe(false);
  });

  it("recognises PostgreSQL's unique violation", () => {
    expect(isUniqueViolation(new QueryFailedError("INSERT …", [], driverError("23505", "duplicate key value violates unique constraint")))).toBe(true);
  });
});

describe("isForeignKeyViolation", () => {
  it("recognises SQLite's and PostgreSQL's foreign-key violations, and nothing else", () => {
    expect(isForeignKeyViolation(new QueryFailedError("DELETE …", [], driverError("SQLITE_CONSTRAINT_FOREIGNKEY", "FOREIGN KEY constraint failed")))).toBe(true);
    expect(isForeignKeyViolation(new QueryFailedError("DELETE …", [], driverError("23503", 'update or delete on table "categories" violates foreign key constraint')))).toBe(true);
    expect(isForeignKeyViolation(new QueryFailedError("INSERT …", [], driverError("23505", "duplicate key")))).toBe(false);
    const fenced = driverError("SQLITE_CONSTRAINT_TRIGGER", "STRANGLER_WRITE_FENCED: writes to \"products\" are fenced");
    expect(isForeignKeyViolation(new QueryFailedError("DELETE …", [], fenced))).toBe(false);
  });
});
