// Which VS Code runs the integration tests: a downloaded desktop build (@vscode/test-electron)
// where update.code.visualstudio.com answers, code-server otherwise. RELEASE_PILOT_TEST_RUNNER
// (electron | code-server) decides without asking the network.
const ROUTES = ['electron', 'code-server'];
const PROBE_URL = 'https://update.code.visualstudio.com/api/releases/stable';

async function canDownloadVsCode(timeoutMs) {
  try {
    const response = await fetch(PROBE_URL, { signal: AbortSignal.timeout(timeoutMs) });
    return response.ok;
  } catch {
    return false;
  }
}

export async function integrationRoute({ timeoutMs = 4000 } = {}) {
  const forced = process.env.RELEASE_PILOT_TEST_RUNNER;
  if (forced) {
    if (!ROUTES.includes(forced)) throw new Error(`RELEASE_PILOT_TEST_RUNNER must be one of ${ROUTES.join(', ')}, not "${forced}"`);
    return { route: forced, why: 'RELEASE_PILOT_TEST_RUNNER' };
  }
  return (await canDownloadVsCode(timeoutMs))
    ? { route: 'electron', why: 'VS Code can be downloaded' }
    : { route: 'code-server', why: 'update.code.visualstudio.com is not reachable' };
}
