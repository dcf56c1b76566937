export { tempPostgresDatabase, TEST_POSTGRES_URL } from "./temp-database";
export type { TempPostgresDatabase } from "./temp-database";
