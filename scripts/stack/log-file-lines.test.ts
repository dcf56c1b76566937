import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../../testing";
import { LogFileLines } from "./log-file-lines";

describe("LogFileLines", () => {
  const dir = tempDir("log-file-lines-");
  afterAll(() => dir.remove());

  it("reads only the lines of this run, finds a line written later, and tails the last ones", async () => {
    const file = join(dir.path, "part.log");
    writeFileSync(file, '{"message":"ready","run":1}\n');
    const lines = new LogFileLines(file, Buffer.byteLength('{"message":"ready","run":1}\n'));
    const never = new Promise<number | null>(() => undefined);
    expect(lines.find((line) => line.includes('"ready"'))).toBeUndefined();
    const waiting = lines.waitFor((line) => line.includes('"ready"'), 60_000, never);
    appendFileSync(file, '{"message":"starting","run":2}\n{"message":"ready","run":2,"text":"ü"}\n');
    await expect(waiting).resolves.toBe('{"message":"ready","run":2,"text":"ü"}');
    expect(lines.tail(1)).toBe('{"message":"ready","run":2,"text":"ü"}');
    expect(lines.tail()).toBe('{"message":"starting","run":2}\n{"message":"ready","run":2,"text":"ü"}');
  });

  it("stops waiting when the process exits first, or after the timeout", async () => {
    const file = join(dir.path, "gone.log");
    writeFileSync(file, "");
    const lines = new LogFileLines(file, 0);
    await expect(lines.waitFor(() => true, 60_000, Promise.resolve(3))).rejects.toThrow("it exited (code 3)");
    await expect(lines.waitFor(() => false, 100, new Promise(() => undefined))).rejects.toThrow("no such line after 100 ms");
  });
});
