import { createLogger } from "../platform";
import { AdminTokenRequiredError } from "./errors";
import { resolveAdminToken } from "./runtime";

const logger = createLogger({ service: "test", silent: true });

describe("admin token at start", () => {
  it("uses the configured token", () => {
    expect(resolveAdminToken({ admin: { host: "0.0.0.0", port: 8081, token: "secret" } }, logger)).toBe("secret");
  });

  it("refuses to start on a non-loopback address without a token, saying how to set one", () => {
    expect(() => resolveAdminToken({ admin: { host: "0.0.0.0", port: 8081 } }, logger)).toThrow(AdminTokenRequiredError);
    expect(() => resolveAdminToken({ admin: { host: "10.0.0.5", port: 8081 } }, logger)).toThrow(/Set STRANGLER_ADMIN_TOKEN/);
  });

  it("generates a random token per start on loopback, so the admin API is never open", () => {
    const first = resolveAdminToken({ admin: { host: "127.0.0.1", port: 8081 } }, logger);
    const second = resolveAdminToken({ admin: { host: "::1", port: 8081 } }, logger);
    expect(first).toMatch(/^[0-9a-f]{48}$/);
    expect(second).not.toBe(first);
  });
});
