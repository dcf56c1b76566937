/** What a flag source knows about one flag. */
export interface FlagDefinition {
  name: string;
  enabled: boolean;
  /** Percentage of users the flag is on for; null when its strategies are not a plain rollout. */
  rollout: number | null;
}

/**
 * Port: where the proxy reads flags. Implementations never throw from `isEnabled` or `definition`:
 * when the source is unreachable they answer from the last known flags.
 */
export interface FlagSource {
  /** Resolves once flags are loaded (from the source or a backup) or after the ready timeout. */
  start(): Promise<void>;
  isReady(): boolean;
  /** The last failure to reach the source, cleared by the next successful read; routing keeps the last known flags meanwhile. */
  lastError(): { message: string; at: string } | undefined;
  /** Whether `flag` is on for this user (stable bucketing by `userId`). Unknown flags are off. */
  isEnabled(flag: string, userId: string): boolean;
  /**
   * The flag's answer when it is the same for every user (unknown or off: false; on for 0 % or
   * 100 %: false or true), else null (a canary: ask `isEnabled` with the user's key). Kept per flag
   * until the next change, so the hot path neither evaluates strategies nor computes a sticky key
   * for a route that is simply on one side.
   */
  fixedValue(flag: string): boolean | null;
  definition(flag: string): FlagDefinition | undefined;
  /** Called after each change of the flag set (after it is applied). */
  onChange(listener: () => void): void;
  close(): Promise<void>;
}
