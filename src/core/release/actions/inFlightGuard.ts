/**
 * Makes sure a play or an approval reaches GitLab once: while a POST for a target is on its
 * way, a second click on the same target is refused here instead of sending it again (the
 * adapter never retries writes; this covers double clicks, a tree button and a notification
 * button racing each other). `onChange` drives a context key that greys the buttons out.
 */
export type GuardResult<T> = { readonly ran: true; readonly value: T } | { readonly ran: false };

export class InFlightGuard {
  private readonly busy = new Set<string>();

  constructor(private readonly onChange: (busyKeys: readonly string[]) => void = () => undefined) {}

  isBusy(key: string): boolean {
    return this.busy.has(key);
  }

  get size(): number {
    return this.busy.size;
  }

  async run<T>(key: string, action: () => Promise<T>): Promise<GuardResult<T>> {
    if (this.busy.has(key)) return { ran: false };
    this.busy.add(key);
    this.onChange([...this.busy]);
    try {
      return { ran: true, value: await action() };
    } finally {
      this.busy.delete(key);
      this.onChange([...this.busy]);
    }
  }
}

/** One key per thing acted on, whatever the button: playing and approving the same job share it. */
export function targetKey(instanceUrl: string, projectId: number | string, kind: 'job' | 'pipeline' | 'deployment' | 'ref' | 'environment', id: number | string): string {
  return `${instanceUrl}|${projectId}|${kind}:${id}`;
}
