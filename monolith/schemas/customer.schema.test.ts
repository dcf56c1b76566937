import { registerCustomerBody } from "./customer.schema";

describe("registerCustomerBody", () => {
  it("lower-cases the email", () => {
    expect(registerCustomerBody.parse({ email: "Ada@Example.COM", name: "Ada", password: "long enough" }).email).toBe("ada@example.com");
  });

  it("rejects malformed emails and short passwords", () => {
    expect(registerCustomerBody.safeParse({ email: "ada@", name: "Ada", password: "long enough" }).success).toBe(false);
    expect(registerCustomerBody.safeParse({ email: "ada@example.com", name: "Ada", password: "short" }).success).toBe(false);
  });
});
