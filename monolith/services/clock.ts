/** The shop's single timestamp representation: ISO-8601 UTC with milliseconds, e.g. `2026-01-31T12:00:00.000Z`. */
export function nowIso(): string {
  return new Date().toISOString();
}
