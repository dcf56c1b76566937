import { sleep, type FaultContext, type FaultResult } from "./fault-context";

/** The long-running parts the suite kills, and their rows in the table. */
export type KilledPart = "relay" | "catalog" | "nats" | "proxy";

export const PART_ROWS: Record<KilledPart, string> = {
  relay: "relay (monolith → JetStream)",
  catalog: "catalog service = each consumer + its relay + keeper",
  nats: "nats-server",
  proxy: "proxy",
};

/**
 * SIGKILLs a part at a random moment under load, then does what its user would: starts it again
 * with the same command, environment, ports and files (nats-server on its store and port), and
 * waits until it is ready.
 */
export async function killPart(context: FaultContext, part: KilledPart): Promise<FaultResult> {
  const { stack, random } = context;
  const row = PART_ROWS[part];
  context.ledger.enter(row);
  await sleep(random.int(0, 1500));
  const killedAt = Date.now();
  if (part === "nats") await stack.killNats();
  else await stack.kill9(part);
  context.ledger.tried(row);
  // The moment it takes someone to notice and start it again.
  await sleep(random.int(0, 500));
  if (part === "nats") await stack.restartNats();
  else await stack.restart(part);
  return { row, killed: true, note: `restarted, ready ${Date.now() - killedAt} ms after the kill` };
}
