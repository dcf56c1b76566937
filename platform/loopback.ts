import { BlockList, isIP } from "node:net";

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/**
 * True when `host` is a loopback address: an IPv4 literal in 127.0.0.0/8, the IPv6 literal ::1 (any
 * spelling, brackets allowed), an IPv4-mapped ::ffff:127.x.y.z, or the literal name `localhost`.
 * Any other name counts as non-loopback, whatever it starts with (`127.evil.example` is a DNS name),
 * and so do the wildcards 0.0.0.0 and ::.
 */
export function isLoopbackHost(host: string): boolean {
  const address = host.trim().replace(/^\[(.*)\]$/, "$1");
  if (address.toLowerCase() === "localhost") return true;
  const family = isIP(address);
  if (family === 0) return false;
  try {
    return LOOPBACK.check(address, family === 4 ? "ipv4" : "ipv6");
  } catch {
    return false;
  }
}
