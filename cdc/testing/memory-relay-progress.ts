import type { RelayGroup, RelayProgress } from "../core/ports";

/** In-memory RelayProgress: `saves` lists every saved position in order; `failNext` makes saves throw. */
export class MemoryRelayProgress implements RelayProgress {
  readonly saves: number[] = [];
  private failures = 0;

  constructor(private position: number | null = null) {}

  failNext(count: number): void {
    this.failures += count;
  }

  get current(): number | null {
    return this.position;
  }

  async load(): Promise<number | null> {
    return this.position;
  }

  async save(position: number): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error("database is locked");
    }
    this.position = position;
    this.saves.push(position);
  }

  /** The group saved last (null: none). */
  group: RelayGroup | null = null;

  async loadGroup(): Promise<RelayGroup | null> {
    return this.group;
  }

  async saveGroup(group: RelayGroup): Promise<void> {
    this.group = { ...group };
  }

  async close(): Promise<void> {}
}
