/** What every test level leaves behind (a JSON file) for scripts/test.mjs to add up. */
export interface LevelResults {
  passed: string[];
  failed: { title: string; error: string }[];
  /** The reporter's printed lines, kept when the level's stdout is not the harness's. */
  output?: string;
}
