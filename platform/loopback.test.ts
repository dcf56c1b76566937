import { isLoopbackHost } from "./loopback";

describe("isLoopbackHost (by address, not by name prefix)", () => {
  it.each(["127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "localhost", "LOCALHOST"])("%s is loopback", (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(["127.evil.example", "localhost.evil.example", "127.0.0.1.nip.io", "0.0.0.0", "::", "::ffff:10.0.0.1", "10.0.0.5", "128.0.0.1", "127.1", "::2", "", "example.com"])("%s is not", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
