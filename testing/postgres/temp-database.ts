import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { DataSource } from "typeorm";
import { postgresOptions } from "../../platform";

/**
 * The PostgreSQL server the tests use: 127.0.0.1:5432 with trust auth on the project's machines
 * (`.ci/run` starts it). `STRANGLER_TEST_POSTGRES_URL` points elsewhere; it must name a database
 * the user may connect to and a user that may CREATE DATABASE.
 */
export const TEST_POSTGRES_URL = process.env.STRANGLER_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TempPostgresDatabase {
  /** Name of the new database. */
  readonly name: string;
  /** URL of the new database. */
  readonly url: string;
  /** A new DataSource (not initialized) on the database. */
  dataSource(poolSize?: number): DataSource;
  /** A plain pg client, connected (the caller ends it). */
  client(): Promise<Client>;
  /** Drops the database (closing whatever is still connected to it). */
  drop(): Promise<void>;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates a fresh, empty database `strangler_test_<random>` and returns how to reach and drop it. */
export async function tempPostgresDatabase(prefix = "strangler_test"): Promise<TempPostgresDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    dataSource: (poolSize?: number) => new DataSource(postgresOptions(url.toString(), poolSize)),
    client: async () => {
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      return client;
    },
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
