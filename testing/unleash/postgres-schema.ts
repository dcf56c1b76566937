import { randomBytes } from "node:crypto";
import { requireFromUnleashDir } from "./unleash-install";

/** The few parts of `pg` used here (loaded from testing/unleash/node_modules, so not typed by it). */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
  end(): Promise<void>;
}
interface PgModule {
  Client: new (options: { connectionString: string; connectionTimeoutMillis: number }) => PgClient;
}

const PREFIX = "strangler_unleash_";

/** A schema of its own for one Unleash run, dropped with everything in it by `drop()`. */
export interface PostgresSchema {
  name: string;
  drop(): Promise<void>;
}

/**
 * Creates a fresh schema `strangler_unleash_<pid>_<random>` in `databaseUrl`. Schemas left by runs
 * whose process is gone (a crashed test) are dropped first. Fails with a message saying how to reach
 * PostgreSQL when it cannot connect.
 */
export async function createFreshSchema(databaseUrl: string): Promise<PostgresSchema> {
  const name = `${PREFIX}${process.pid}_${randomBytes(4).toString("hex")}`;
  await withClient(databaseUrl, async (client) => {
    const { rows } = await client.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE $1", [`${PREFIX}%`]);
    for (const row of rows) {
      const stale = String(row.nspname);
      if (!isAlive(Number(stale.slice(PREFIX.length).split("_")[0]))) await client.query(`DROP SCHEMA IF EXISTS "${stale}" CASCADE`);
    }
    await client.query(`CREATE SCHEMA "${name}"`);
  });
  let dropped: Promise<void> | undefined;
  return {
    name,
    drop: () => (dropped ??= withClient(databaseUrl, async (client) => void (await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`)))),
  };
}

async function withClient(databaseUrl: string, work: (client: PgClient) => Promise<void>): Promise<void> {
  const { Client } = requireFromUnleashDir<PgModule>("pg");
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is unreachable at ${redact(databaseUrl)} (${(err as Error).message}). The real-Unleash test needs it: ` +
        "start it (on this machine: `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`) " +
        "or pass another `databaseUrl` to startUnleash().",
    );
  }
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function redact(databaseUrl: string): string {
  return databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
