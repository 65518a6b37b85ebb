// Starts the fake GitLab with the demo project on a free port and talks to it with plain fetch.
import type { DemoScenario, Deployment, GitLabServer, GitLabServerOptions, Job, Pipeline } from '../../gitlab-server';
import { buildDemoScenario, FakeGitLabState, FakeClock, startGitLabServer } from '../../gitlab-server';

export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

export interface CallOptions {
  readonly method?: string;
  /** Token to send as PRIVATE-TOKEN; null sends none. Defaults to the developer's. */
  readonly token?: string | null;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface Harness {
  readonly server: GitLabServer;
  readonly demo: DemoScenario;
  readonly clock: FakeClock;
  /** Calls `${apiUrl}${path}`. */
  api(path: string, options?: CallOptions): Promise<ApiAnswer>;
  /** The demo project's API path, URL-encoded like GitLab clients send it. */
  readonly project: string;
  /** The job of that name in a pipeline of the server's state; throws when there is none. */
  jobNamed(pipelineId: number, name: string): Job;
}

/** Starts the demo server before each test of the suite (handing it to `use`) and closes it after. */
export function withDemoEachTest(use: (harness: Harness) => void, options: Omit<GitLabServerOptions, 'clock' | 'state'> = {}): void {
  let current: Harness | undefined;
  beforeEach(async () => {
    current = await startDemo(options);
    use(current);
  });
  afterEach(async () => {
    await current?.server.close();
  });
}

/** The demo server with master's pipeline two minutes in: its production deployment waits for approval. */
export async function startAtProductionGate(): Promise<{ h: Harness; master: Pipeline; prod: Deployment }> {
  const h = await startDemo();
  const master = h.demo.start('master');
  h.server.advance(120_000);
  const job = h.server.state.findJob(master, 'deploy-prod');
  const prod = job && h.server.state.deploymentOfJob(job);
  if (!prod) throw new Error('no production deployment');
  return { h, master, prod };
}

export async function startDemo(options: Omit<GitLabServerOptions, 'clock' | 'state'> = {}): Promise<Harness> {
  const clock = new FakeClock();
  const state = new FakeGitLabState(clock);
  const demo = buildDemoScenario(state);
  const server = await startGitLabServer({ ...options, clock, state });
  return {
    server,
    demo,
    clock,
    project: `/projects/${encodeURIComponent(demo.project.namespace + '/' + demo.project.path)}`,
    api: (path, call = {}) => callApi(server.apiUrl + path, call, demo.tokens.developer),
    jobNamed(pipelineId, name) {
      const pipeline = server.state.pipelines.get(pipelineId);
      const job = pipeline && server.state.findJob(pipeline, name);
      if (!job) throw new Error(`no job ${name} in pipeline ${pipelineId}`);
      return job;
    },
  };
}

export async function callApi(url: string, call: CallOptions, defaultToken: string): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...call.headers };
  const token = call.token === undefined ? defaultToken : call.token;
  if (token !== null) headers['PRIVATE-TOKEN'] = token;
  if (call.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, {
    method: call.method ?? 'GET',
    headers,
    ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Narrow JSON to an object for field access in assertions. */
export function obj(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`expected a JSON object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

export function list(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw new Error(`expected a JSON array, got ${JSON.stringify(value)}`);
  return value.map(obj);
}
