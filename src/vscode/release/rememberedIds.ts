import type * as vscode from 'vscode';

/**
 * Ids of what this workspace set in motion, kept in workspaceState so that "your pipeline
 * finished" still comes after a window reload. Bounded: only the latest ones matter.
 */
export class RememberedIds extends Set<number> {
  private static readonly LIMIT = 200;

  constructor(private readonly memory: vscode.Memento, private readonly key: string) {
    super(memory.get<number[]>(key) ?? []);
  }

  override add(id: number): this {
    super.add(id);
    // Called by Set's constructor before the fields exist: nothing to save then.
    if (this.memory) void this.memory.update(this.key, [...this].slice(-RememberedIds.LIMIT));
    return this;
  }
}
