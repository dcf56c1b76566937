/**
 * Change capture installed on an existing database from outside the application (`strangler
 * capture install|status|uninstall`): a PostgreSQL URL or a SQLite file, same verbs.
 */
export { parseDatabaseLocation, openDatabase } from "./database-location";
export type { DatabaseLocation } from "./database-location";
export { installCapture } from "./install-capture";
export type { InstallCaptureOptions } from "./install-capture";
export { readCaptureStatus } from "./capture-status";
export type { CaptureStatus } from "./capture-status";
export { uninstallCapture } from "./uninstall-capture";
