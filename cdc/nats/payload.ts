/** Parses a message payload as JSON; undefined when it is not JSON (then schema checks reject it). */
export function parseJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(data).toString("utf8"));
  } catch {
    return undefined;
  }
}
