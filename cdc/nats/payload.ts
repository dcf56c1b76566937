/** Parses a message payload as JSON; undefined when it is not JSON (then schema checks reject it). */
export function parseJson(data: Uint8Array): unknown {
  try {
    // A view of the message's bytes, not a copy of them.
    return JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8"));
  } catch {
    return undefined;
  }
}
