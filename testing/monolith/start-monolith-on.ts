import { tempPostgresDatabase } from "../postgres";
import { startMonolith, type RunningMonolith, type StartMonolithOptions } from "./start-monolith";

/** The databases the shop runs on, for tests that run on each (`describe.each(SHOP_DATABASES)`). */
export const SHOP_DATABASES = ["sqlite", "postgres"] as const;
export type ShopDatabaseKind = (typeof SHOP_DATABASES)[number];

/** Connections the shop's PostgreSQL pool holds (platform's postgresOptions). */
const POOL_SIZE = 10;

/**
 * startMonolith on a fresh database of `kind`: a SQLite file in a temp folder, or a new PostgreSQL
 * database (tempPostgresDatabase) that `close()` drops after stopping the shop. On PostgreSQL the
 * pool's connections are opened up front: on a cold pool the first of several requests sent at once
 * would finish before the others have a connection, and nothing would really run at the same time.
 */
export async function startMonolithOn(kind: ShopDatabaseKind, options: Omit<StartMonolithOptions, "databaseUrl"> = {}): Promise<RunningMonolith> {
  if (kind === "sqlite") return startMonolith(options);
  const database = await tempPostgresDatabase("strangler_shop");
  try {
    const shop = await startMonolith({ ...options, databaseUrl: database.url });
    await Promise.all(Array.from({ length: POOL_SIZE * 2 }, () => shop.dataSource.query("SELECT pg_sleep(0.01)")));
    return {
      ...shop,
      close: async () => {
        try {
          await shop.close();
        } finally {
          await database.drop();
        }
      },
    };
  } catch (err) {
    await database.drop();
    throw err;
  }
}
