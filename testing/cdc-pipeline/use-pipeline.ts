import { pipelineFixture, type PipelineFixture } from "../../cdc/testing";
import { testNatsServer, type TestNatsServer } from "../nats";
import { tempPostgresDatabase, type TempPostgresDatabase } from "../postgres";

interface Stoppable {
  stop(): Promise<void>;
}

export interface PipelineHarness {
  /** The test's own nats-server (temp store). */
  readonly nats: TestNatsServer;
  /** Source and target databases (SQLite files; the source in PostgreSQL when asked) with capture and consumer tables installed. */
  readonly fixture: PipelineFixture;
  /** Stops `part` (a relay or consumer) when the test (or file) ends, before the databases close. */
  track<T extends Stoppable>(part: T): T;
}

/**
 * Registers jest hooks that give each test (`"each"`) or the whole file (`"all"`) a fresh
 * nats-server and pipeline fixture, and stop every tracked relay and consumer afterwards.
 * `setup` runs right after they exist (e.g. to start the relay every test needs). `source`:
 * `postgres` captures with PostgreSQL capture v1, `postgres-v2` with v2.
 */
export function usePipeline(scope: "each" | "all", setup?: (harness: PipelineHarness) => Promise<void>, options: { source?: "sqlite" | "postgres" | "postgres-v2" } = {}): PipelineHarness {
  let nats: TestNatsServer | undefined;
  let postgres: TempPostgresDatabase | undefined;
  let fixture: PipelineFixture | undefined;
  const running: Stoppable[] = [];
  const harness: PipelineHarness = {
    get nats() {
      if (!nats) throw new Error("usePipeline: nats-server is not started yet (use it inside a test)");
      return nats;
    },
    get fixture() {
      if (!fixture) throw new Error("usePipeline: the fixture is not open yet (use it inside a test)");
      return fixture;
    },
    track(part) {
      running.push(part);
      return part;
    },
  };
  const before = scope === "each" ? beforeEach : beforeAll;
  const after = scope === "each" ? afterEach : afterAll;
  before(async () => {
    nats = await testNatsServer();
    if (options.source === "postgres" || options.source === "postgres-v2") postgres = await tempPostgresDatabase();
    fixture = await pipelineFixture({ sourceUrl: postgres?.url, pgCapture: options.source === "postgres-v2" ? "v2" : "v1" });
    await setup?.(harness);
  });
  after(async () => {
    try {
      for (const part of running.splice(0)) await part.stop();
    } finally {
      await fixture?.close();
      await postgres?.drop();
      await nats?.close();
    }
  });
  return harness;
}
