import { BlockList, isIP } from "node:net";

/** The blocks behind the keywords of `forwarding.trustedProxies`. */
const KEYWORD_BLOCKS: Record<string, Array<[string, number, "ipv4" | "ipv6"]>> = {
  loopback: [
    ["127.0.0.0", 8, "ipv4"],
    ["::1", 128, "ipv6"],
  ],
  private: [
    ["10.0.0.0", 8, "ipv4"],
    ["172.16.0.0", 12, "ipv4"],
    ["192.168.0.0", 16, "ipv4"],
    ["fc00::", 7, "ipv6"],
  ],
};

/**
 * Whether a client address is one of `forwarding.trustedProxies` (IP addresses, CIDR blocks, the
 * keywords `loopback` and `private`; IPv4-mapped IPv6 addresses count as their IPv4 address).
 * With an empty list nothing is trusted and no lookup is made.
 */
export function trustedProxies(entries: readonly string[]): (address: string) => boolean {
  if (entries.length === 0) return () => false;
  const list = new BlockList();
  for (const entry of entries) {
    const blocks = KEYWORD_BLOCKS[entry];
    if (blocks) {
      for (const [network, prefix, type] of blocks) list.addSubnet(network, prefix, type);
      continue;
    }
    const [address, prefix] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (address) => {
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
  };
}
