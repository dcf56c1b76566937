import type { Server } from "node:http";
import type { RequestListener } from "node:http";
import { createServer } from "node:http";
import { PLATFORM_ERROR_CODES } from "./errors";

/** Thrown when the port is taken or cannot be bound; the message names the variable to change. */
export class ListenError extends Error {
  readonly code = PLATFORM_ERROR_CODES.listen;
  constructor(message: string) {
    super(message);
    this.name = "ListenError";
  }
}

/**
 * Binds `handler` to host:port (port 0 = any free port) and resolves once listening.
 * `portVariable` names the environment variable that sets the port, for the error message.
 */
export function listen(handler: RequestListener, port: number, host: string, portVariable: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE") {
        reject(new ListenError(`Port ${port} on ${host} is already in use. Stop the other process or set ${portVariable} to a free port.`));
      } else {
        reject(new ListenError(`Cannot listen on ${host}:${port} (${err.code ?? err.message}). Check ${portVariable}.`));
      }
    });
    server.listen(port, host, () => resolve(server));
  });
}

/** Address a listening server is bound to, as a base URL. */
export function baseUrlOf(server: Server): string {
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("server is not listening on TCP");
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host}:${address.port}`;
}
