/**
 * Codes of the platform, thrown by every deployable (docs/errors.md, "Platform"). No imports: the
 * `strangler` CLI loads this file without the platform barrel (express, winston).
 */
export const PLATFORM_ERROR_CODES = Object.freeze({
  /** A configuration file or environment variable is missing or invalid (ConfigError). */
  configInvalid: "CONFIG_ERR_INVALID",
  /** A server could not bind its port (ListenError). */
  listen: "PLATFORM_ERR_LISTEN",
} as const);

export type PlatformErrorCode = (typeof PLATFORM_ERROR_CODES)[keyof typeof PLATFORM_ERROR_CODES];
