// `npm run sandbox [-- --port N --token T]`: the fake GitLab with the demo project, live, for
// trying Release Pilot without a GitLab account. Binds to 127.0.0.1 only.
import { parseArgs } from 'node:util';
import { FakeClock } from '../support/fakeClock';
import { createDemoDriver, seedDemoHistory } from './demoDriver';
import { buildDemoScenario, DEMO_PROJECT_PATH } from './scenario';
import { buildIncludesScenario, COMPONENT_PROJECT_PATH, PLATFORM_PROJECT_PATH } from './includesScenario';
import type { GitLabServer } from './server';
import { startGitLabServer } from './server';
import { FakeGitLabState } from './state';

const DEFAULT_PORT = 3080;
const TICK_MS = 1000;
const HISTORY_MS = 30 * 60_000;

const USAGE = `Usage: npm run sandbox [-- --port N --token T]
  --port N   port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)
  --token T  personal access token to accept for the demo developer (default printed at start)`;

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { port: { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Not a port: ${values.port ?? ''}\n${USAGE}`);
    return 2;
  }
  const now = Date.now();
  const clock = new FakeClock(now - HISTORY_MS);
  const state = new FakeGitLabState(clock);
  const demo = buildDemoScenario(state, values.token === undefined ? {} : { developerToken: values.token });
  seedDemoHistory(state, demo, clock, Date.now());
  // Shared CI to include: a platform project, a component with released versions, CI templates.
  buildIncludesScenario(state, demo.users.developer);
  const drive = createDemoDriver(state, demo);

  let server: GitLabServer;
  try {
    server = await startGitLabServer({ port, clock, state, autoTickMs: TICK_MS, onTick: drive, requestLogLimit: 10_000 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(code === 'EADDRINUSE' ? `Port ${port} is in use; pick another with --port N.` : String(error));
    return 1;
  }
  drive();

  console.log(`Release Pilot sandbox: a local GitLab-compatible server with a demo project.

  Instance URL  ${server.url}
  API           ${server.apiUrl}
  Project       ${DEMO_PROJECT_PATH} (id ${demo.project.id}), branches master, dev, ${demo.mergeRequest.sourceBranch} (MR !${demo.mergeRequest.iid})
  Token         ${demo.tokens.developer}   dana, maintainer, scope api: sign in with this one
  Approver      ${demo.tokens.reviewer}   riley, can approve dana's production deployments
  Read-only     ${demo.tokens.readOnly}   dana, scope read_api
  Includes      include:project ${PLATFORM_PROJECT_PATH} (ci/build.yml, ci/deploy.yml), component
                ${new URL(server.url).host}/${COMPONENT_PROJECT_PATH}/deploy@~latest, template Jobs/Code-Quality.gitlab-ci.yml

Pipelines move by themselves; canary and production wait for you. Press Ctrl-C to stop.`);

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  console.log('Sandbox stopped.');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
