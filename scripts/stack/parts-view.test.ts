import { tempDir, type TempDir } from "../../testing/temp-dir";
import { partsTable, readPartsView } from "./parts-view";
import { writeStackState, type StackState } from "./stack-files";

describe("the parts strangler status shows", () => {
  let dir: TempDir;
  beforeEach(() => (dir = tempDir("parts-view-")));
  afterEach(() => dir.remove());

  const state: StackState = {
    version: 1,
    supervisor: { pid: 4321, startedAt: "2030-01-01T10:00:00.000Z" },
    updatedAt: "2030-01-01T10:05:00.000Z",
    parts: [
      { name: "nats", state: "running", pid: 11, restarts: 0, runningSince: "2030-01-01T10:00:01.000Z", lastExit: null, nextRestartAt: null },
      {
        name: "monolith",
        state: "restarting",
        pid: null,
        restarts: 3,
        runningSince: null,
        lastExit: { code: null, signal: "SIGKILL", at: "2030-01-01T10:04:58.000Z" },
        nextRestartAt: "2030-01-01T10:05:04.000Z",
      },
      { name: "proxy", state: "running", pid: 13, restarts: 1, runningSince: "2030-01-01T09:57:55.000Z", lastExit: { code: 1, signal: null, at: "2030-01-01T09:57:50.000Z" }, nextRestartAt: null },
    ],
  };
  const now = Date.parse("2030-01-01T10:05:00.000Z");

  it("are absent without a state file, or when its supervisor no longer runs", () => {
    expect(readPartsView(dir.path, now, () => true)).toBeNull();
    writeStackState(dir.path, state);
    expect(readPartsView(dir.path, now, () => false)).toBeNull();
    // The real check: pid 4321 of the file is not this test's npm start.
    expect(readPartsView(dir.path, now)).toBeNull();
  });

  it("carry each part's state, pid, restarts and uptime", () => {
    writeStackState(dir.path, state);
    const view = readPartsView(dir.path, now, () => true);
    expect(view?.supervisorPid).toBe(4321);
    expect(view?.parts.map((part) => [part.name, part.state, part.pid, part.restarts, part.uptimeMs])).toEqual([
      ["nats", "running", 11, 0, 299_000],
      ["monolith", "restarting", null, 3, null],
      ["proxy", "running", 13, 1, 425_000],
    ]);
    expect(partsTable(view!.parts, now)).toEqual([
      ["nats", "running", "11", "0", "4m 59s", "-"],
      ["monolith", "restarting (in 4s)", "-", "3", "-", "SIGKILL at 10:04:58"],
      ["proxy", "running", "13", "1", "7m 05s", "code 1 at 09:57:50"],
    ]);
  });
});
