/**
 * Canary health in a real extension host: the health service and its panel over a small lanes
 * host with a fake source (the service takes its source factory like any collaborator), and
 * end to end through the real command against the test service scraped by Debian's prometheus.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Job } from '../../src/core/gitlab/models';
import type { Logger } from '../../src/core/logger';
import type { StoreRefresh } from '../../src/core/lanes/laneStore';
import { buildStages } from '../../src/core/lanes/snapshot';
import type { RepoSnapshot } from '../../src/core/lanes/snapshot';
import type { CanaryContext, HealthResult, HealthSource, NodeSeries } from '../../src/core/canary';
import type { CanaryHealthEntry, CanaryTarget } from '../../src/core/canary/canaryHealthEntry';
import { CanaryHealthPanel } from '../../src/vscode/canary/canaryHealthPanel';
import type { CanaryHost } from '../../src/vscode/canary/canaryHealthService';
import { CanaryHealthService } from '../../src/vscode/canary/canaryHealthService';
import { PrometheusCredentials } from '../../src/vscode/canary/prometheusCredentials';
import { ReleasePilotConfigFiles } from '../../src/vscode/canary/releasePilotConfigFiles';
import { Commands, Settings } from '../../src/vscode/ids';
import { ExtensionSettings } from '../../src/vscode/settings/extensionSettings';
import type { PrometheusServer } from '../canary-service/prometheusServer';
import { prometheusBinary, startPrometheus } from '../canary-service/prometheusServer';
import type { CanaryService } from '../canary-service/service';
import { startCanaryService } from '../canary-service/service';
import { PrometheusHostConsent } from '../../src/core/canary/prometheusHostConsent';
import { ScriptedAsker } from '../support/scriptedAsker';
import { activeExtension, eventually, workspaceUri } from './support';
import { WindowAnswers } from './windowAnswers';

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

class FakeLanes implements CanaryHost {
  private readonly emitter = new vscode.EventEmitter<StoreRefresh>();
  readonly onDidRefresh = this.emitter.event;
  snapshots = new Map<string, RepoSnapshot>();
  connection(): undefined {
    return undefined;
  }
  snapshot(repoKey: string): RepoSnapshot | undefined {
    return this.snapshots.get(repoKey);
  }
  refresh(snapshot: RepoSnapshot): void {
    this.snapshots.set(snapshot.repoKey, snapshot);
    this.emitter.fire({ snapshots: [snapshot], activity: 'active', allUnchanged: false, reads: 1 });
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

/** Six samples ten seconds apart; `growth` per step as a fraction of `value`, so the chart has a slope. */
function series(node: string, value: number, growth = 0): NodeSeries {
  const t0 = Math.floor(Date.now() / 1000) - 60;
  return { node, samples: Array.from({ length: 6 }, (_, i) => ({ t: t0 + i * 10, v: value * (1 + i * growth) })) };
}

/** A source whose canary throws errors at 20× the stable rate; records what it was asked. */
class SpikeSource implements HealthSource {
  readonly id = 'fake';
  readonly contexts: CanaryContext[] = [];
  read(_window: unknown, context: CanaryContext): Promise<HealthResult> {
    this.contexts.push(context);
    const same = { status: 'ok' as const, canary: [series('c1', 1, 0.05)], stable: [series('s1', 1, 0.05), series('s2', 1, 0.05)] };
    return Promise.resolve({
      kind: 'reading',
      reading: { source: 'fake', baseline: 'stable nodes', metrics: { errorRate: { status: 'ok', canary: [series('c1', 4)], stable: [series('s1', 0.2)] }, warnRate: same, cpu: same, memory: { status: 'unknown', reason: 'not exported' } } },
    });
  }
}

function canaryJob(id: number, status: Job['status']): Job {
  return { id, name: 'canary', stage: 'canary', status, ref: 'dev', allow_failure: false, created_at: '2026-11-29T17:00:00Z', started_at: '2026-11-29T17:00:10Z', web_url: `https://gitlab.example.com/g/p/-/jobs/${id}` };
}

function devSnapshot(repoKey: string, pipelineId: number, jobs: readonly Job[]): RepoSnapshot {
  const stages = buildStages(jobs, []);
  const pipeline = { id: pipelineId, project_id: 1, sha: 'abc', ref: 'dev', status: 'running' as const, created_at: '2026-11-29T17:00:00Z', web_url: 'https://gitlab.example.com/g/p/-/pipelines/1' };
  return {
    repoKey,
    projectPath: 'g/p',
    lanes: [{ lane: { id: 'dev', kind: 'branch', title: 'dev', branch: 'dev' }, pipeline: { pipeline, stages, status: 'running' } }],
  };
}

/** The service and panel as registerCanary builds them, over the given lanes and source. */
function canaryFeatures(lanes: FakeLanes, source: HealthSource) {
  const configFiles = new ReleasePilotConfigFiles();
  const settings = new ExtensionSettings(silent);
  const service = new CanaryHealthService({
    host: lanes, logger: silent, configFiles, settings, credentials: new PrometheusCredentials(fakeSecrets()),
    fetch: (url, init) => fetch(url, init), now: Date.now, createSource: () => source,
    // These checks read a fake source: no Prometheus is named, so nothing is ever asked.
    consent: new PrometheusHostConsent({ get: () => undefined, update: () => Promise.resolve() }, new ScriptedAsker()),
  });
  const panel = new CanaryHealthPanel(service);
  const checkAndShow = async (target: CanaryTarget): Promise<CanaryHealthEntry> => {
    panel.open(target);
    const entry = await service.check(target);
    panel.show(entry);
    return entry;
  };
  return { service, panel, checkAndShow, dispose: () => [panel, service, configFiles, settings].forEach((d) => d.dispose()) };
}

describe('Canary health in the editor', function () {
  this.timeout(60_000);
  let lanes: FakeLanes;
  let features: ReturnType<typeof canaryFeatures>;
  let source: SpikeSource;
  const repoKey = (): string => workspaceUri().fsPath;

  beforeEach(async () => {
    await activeExtension();
    lanes = new FakeLanes();
    source = new SpikeSource();
    features = canaryFeatures(lanes, source);
  });

  afterEach(() => {
    features.dispose();
    lanes.dispose();
  });

  it('renders a report in the Canary Health panel: verdict, explanation, numbers and charts', async () => {
    const entry = await features.checkAndShow({ repoKey: repoKey(), pipelineId: 12, jobId: 5 });
    assert.equal(entry.report.verdict, 'failing', entry.report.explanation);
    const html = await eventually(() => (features.panel.html?.includes('verdict failing') ? features.panel.html : undefined), 'the panel to show the failing verdict');
    assert.match(html, /Canary is failing: Error log rate/);
    assert.match(html, /<tr data-metric="errorRate">.*20×/);
    assert.match(html, /<svg [^>]*aria-label="Error log rate"/);
    assert.match(html, /Resident memory<\/td>.*unknown: not exported/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.equal(entry.summary, 'Canary: failing · errors 240/min vs 12/min');
  });

  it('remembers the verdict per pipeline for the promote command, with the numbers', async () => {
    await features.checkAndShow({ repoKey: repoKey(), pipelineId: 12 });
    assert.equal(features.service.latestFor(repoKey(), 12)?.report.verdict, 'failing');
    assert.equal(features.service.latestFor(repoKey(), 13), undefined);
    assert.match(features.service.promotionWarningFor(repoKey(), 12) ?? '', /^Canary is failing\. Promote to production anyway\?\nError log rate: canary 4\.\d\d lines\/s/);
    // A master pipeline has no canary of its own: the repository's newest canary check answers.
    assert.match(features.service.promotionWarningFor(repoKey(), 99) ?? '', /^Canary is failing/);
  });

  it('checks a running canary job by itself when the lanes refresh, and judges that job', async () => {
    lanes.refresh(devSnapshot(repoKey(), 77, [canaryJob(501, 'running')]));
    const entry = await eventually(() => features.service.latestFor(repoKey(), 77), 'an automatic check of pipeline 77');
    assert.equal(entry.target.jobId, 501);
    assert.equal(source.contexts.at(-1)?.jobId, 501);
    assert.equal(source.contexts.at(-1)?.ref, 'dev');
  });

  it('does not check a canary still waiting at its manual gate', async () => {
    lanes.refresh(devSnapshot(repoKey(), 78, [canaryJob(502, 'manual')]));
    lanes.refresh(devSnapshot(repoKey(), 79, [canaryJob(503, 'running')]));
    await eventually(() => features.service.latestFor(repoKey(), 79), 'the check of the running canary');
    assert.equal(features.service.latestFor(repoKey(), 78), undefined);
  });

  it('shows .release-pilot.yml problems in the Problems panel, and clears them when fixed', async () => {
    const uri = workspaceUri('.release-pilot.yml');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('canary:\n  prometheus:\n    url: http://127.0.0.1:9090\n    password: hunter2\n'));
    try {
      const found = await eventually(() => {
        const d = vscode.languages.getDiagnostics(uri).filter((x) => x.code === 'config-secret');
        return d.length > 0 ? d : undefined;
      }, 'a config-secret diagnostic on .release-pilot.yml');
      assert.equal(found[0]?.range.start.line, 3);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('canary:\n  prometheus:\n    url: http://127.0.0.1:9090\n'));
      await eventually(() => (vscode.languages.getDiagnostics(uri).some((x) => x.code === 'config-secret') ? undefined : true), 'the diagnostic to go away');
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });
});

describe('Canary health against a real Prometheus', function () {
  this.timeout(90_000);
  let service: CanaryService | undefined;
  let prometheus: PrometheusServer | undefined;
  const configUri = (): vscode.Uri => workspaceUri('.release-pilot.yml');

  before(async function () {
    try {
      prometheusBinary();
    } catch {
      this.skip(); // prometheus is not installed on this machine: the unit level covers the analysis
    }
    service = await startCanaryService({ scenarios: ['error-spike'] });
    prometheus = await startPrometheus({ targets: service.nodes.map((n) => ({ target: n.target, labels: { scenario: n.scenario } })), scrapeIntervalSeconds: 1 });
    await vscode.workspace.fs.writeFile(
      configUri(),
      new TextEncoder().encode(`canary:\n  prometheus:\n    url: ${prometheus.url}\n    selector: scenario="error-spike"\n    rateWindow: 4s\n    minSamples: 3\n`),
    );
    await vscode.workspace.getConfiguration().update(Settings.canaryWindowMinutes, 1, vscode.ConfigurationTarget.Workspace);
    await activeExtension();
  });

  after(async () => {
    await vscode.workspace.getConfiguration().update(Settings.canaryWindowMinutes, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.delete(configUri()).then(undefined, () => undefined);
    await prometheus?.stop();
    await service?.close();
  });

  it('reads .release-pilot.yml, asks once to allow its Prometheus host, then fails the canary with an error spike', async () => {
    const repoKey = workspaceUri().fsPath;
    const host = new URL(prometheus!.url).origin;
    const answers = new WindowAnswers({ [`Allow queries to ${host}?`]: true });
    let last = '';
    let entry: CanaryHealthEntry;
    try {
      entry = await eventually(async () => {
        const checked = await vscode.commands.executeCommand<CanaryHealthEntry | undefined>(Commands.checkCanaryHealth, { repoKey, pipelineId: 1 });
        last = checked?.report.explanation ?? '';
        return checked && checked.report.metrics.find((m) => m.metric === 'errorRate')?.verdict !== 'unknown' ? checked : undefined;
      }, `Prometheus to have enough samples (last: ${last})`, 45_000);
    } finally {
      answers.dispose();
    }
    // .release-pilot.yml is the repository's: its host is asked about (in a fresh profile), once, before any query.
    const consent = answers.messages.filter((m) => m.modal && m.message.includes('query Prometheus at'));
    assert.equal(consent.length, 1, 'asked once for the host, then remembered');
    assert.equal(consent[0]?.buttons[0], `Allow ${host}`);
    assert.equal(entry.report.source, 'prometheus');
    assert.equal(entry.report.verdict, 'failing', entry.report.explanation);
    const errors = entry.report.metrics.find((m) => m.metric === 'errorRate');
    assert.equal(errors?.canary?.nodes, 2);
    assert.equal(errors?.stable?.nodes, 3);
    assert.ok(Math.abs((errors?.canaryValue ?? 0) - 4) < 0.4, `canary errors/s per node: ${errors?.canaryValue}`);
  });
});

/** SecretStorage in memory: the test must not touch the host's real secrets. */
function fakeSecrets(): vscode.SecretStorage {
  const map = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  return {
    get: (key) => Promise.resolve(map.get(key)),
    store: (key, value) => {
      map.set(key, value);
      return Promise.resolve();
    },
    delete: (key) => {
      map.delete(key);
      return Promise.resolve();
    },
    onDidChange: changed.event,
  };
}
