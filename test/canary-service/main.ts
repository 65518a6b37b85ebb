/**
 * Runs the test service (all scenarios) and a Prometheus scraping it, for trying the canary view
 * by hand: `npm run compile-tests && node out/test/canary-service/main.js`. Ctrl-C stops both.
 * Point `.release-pilot.yml` at the printed URL with `selector: scenario="healthy"` (or another).
 */
import { startPrometheus } from './prometheusServer';
import { SCENARIOS } from './scenarios';
import { startCanaryService } from './service';

async function main(): Promise<void> {
  const service = await startCanaryService({ scenarios: SCENARIOS });
  const prometheus = await startPrometheus({ targets: service.nodes.map((n) => ({ target: n.target, labels: { scenario: n.scenario } })) });
  for (const node of service.nodes) console.log(`${node.scenario.padEnd(12)} ${node.track.padEnd(7)} #${node.index}  http://${node.target}/metrics`);
  console.log(`prometheus: ${prometheus.url}`);
  const stop = (): void => {
    void prometheus.stop().then(() => service.close()).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
