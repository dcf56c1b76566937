import { hashPassword, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse");
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("correct horsE", hash)).toBe(false);
  });

  it("salts each hash differently unless a salt is given", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
    const salt = Buffer.alloc(16, 7);
    expect(await hashPassword("same", salt)).toBe(await hashPassword("same", salt));
  });

  it("refuses a malformed stored hash instead of throwing", async () => {
    expect(await verifyPassword("x", "plain-text")).toBe(false);
  });
});
