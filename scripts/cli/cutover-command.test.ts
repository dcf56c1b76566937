import { DEFAULT_LEASE_MS as LIBRARY_DEFAULT } from "../../cdc";
import { DEFAULT_LEASE_MS } from "./cutover-command";

describe("strangler cutover's --lease default", () => {
  it("is the cdc library's DEFAULT_LEASE_MS (kept apart so --help does not load the library)", () => {
    expect(DEFAULT_LEASE_MS).toBe(LIBRARY_DEFAULT);
  });
});
