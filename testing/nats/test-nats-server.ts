import { startNatsServer, type RunningNatsServer } from "../../cdc";
import { tempDir, type TempDir } from "../temp-dir";

export interface TestNatsServer {
  readonly url: string;
  readonly server: RunningNatsServer;
  /** kill -9 the server (the store stays). */
  kill9(): Promise<void>;
  /** Starts it again on the same port and store (after kill9 or stop). */
  restart(): Promise<void>;
  /** Stops the server and deletes its store; call in afterAll. */
  close(): Promise<void>;
}

/** A nats-server with JetStream on a free port and a temp store: `const nats = await testNatsServer()`. */
export async function testNatsServer(): Promise<TestNatsServer> {
  const store: TempDir = tempDir("strangler-nats-");
  let server = await startNatsServer({ storeDir: store.path, searchPath: process.env.PATH });
  let running = true;
  return {
    get url() {
      return server.url;
    },
    get server() {
      return server;
    },
    async kill9() {
      await server.kill9();
      running = false;
    },
    async restart() {
      if (running) await server.stop();
      server = await startNatsServer({ storeDir: store.path, port: server.port, searchPath: process.env.PATH });
      running = true;
    },
    async close() {
      if (running) await server.stop();
      running = false;
      store.remove();
    },
  };
}
