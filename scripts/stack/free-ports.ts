import { createServer } from "node:net";

/** Resolves true when nothing listens on `port` at `host` (we could bind it ourselves). */
function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * Checks every port the stack will bind before anything starts, so a port in use is reported at
 * once with the variable that moves it, instead of after seeding and half a stack.
 */
export async function portsInUse(ports: Record<string, number>, host = "127.0.0.1"): Promise<string[]> {
  const taken: string[] = [];
  for (const [variable, port] of Object.entries(ports)) {
    if (!(await isFree(port, host))) taken.push(`port ${port} (${variable}) is already in use on ${host}: stop the other process or set ${variable} to a free port`);
  }
  return taken;
}
