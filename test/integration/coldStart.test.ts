import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReleasePilotApi } from '../../src/extension';
import type { ColdStartFigures } from '../bench/coldStartFigures';
import { COLD_START_FIGURES } from '../bench/coldStartFigures';
import { REPO_ROOT } from '../support/paths';
import { activeExtension, workspaceUri } from './support';

/** The largest top-level config of the shared corpus (the benchmark may read ../shared; the product never does). */
const LARGEST = path.join(REPO_ROOT, '..', 'shared', 'corpus', 'real-world', 'emfoursolutions__trakbridge.yml');
/**
 * Issue 11's editor figures: what activation cost (measured by the extension around its own code)
 * and how long the largest corpus config takes from opening to its diagnostics. Nothing here is a
 * timed assertion; the figures are written down for `npm run bench`.
 */
describe('cold start in a real VS Code (figures for npm run bench)', () => {
  it('records activation and the time from opening the largest corpus config to its diagnostics', async () => {
    const api = (await activeExtension()).exports as ReleasePilotApi;
    const activation = api.activationTimings();
    assert.ok(activation.activateMs >= 0);
    let largestConfig: ColdStartFigures['largestConfig'];
    // Without ../shared (a fresh clone elsewhere) only activation is recorded.
    if (fs.existsSync(LARGEST)) {
      const text = fs.readFileSync(LARGEST, 'utf8');
      const uri = workspaceUri('cold-start', '.gitlab-ci.yml');
      fs.mkdirSync(path.dirname(uri.fsPath), { recursive: true });
      fs.writeFileSync(uri.fsPath, text);
      const published = new Promise<number>((resolve) => {
        const listener = vscode.languages.onDidChangeDiagnostics((e) => {
          if (!e.uris.some((u) => u.toString() === uri.toString())) return;
          listener.dispose();
          resolve(performance.now());
        });
      });
      const started = performance.now();
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const at = await published;
      assert.equal(document.languageId, 'gitlab-ci');
      largestConfig = { file: path.basename(LARGEST), lines: document.lineCount, openToDiagnosticsMs: at - started, diagnostics: vscode.languages.getDiagnostics(uri).length };
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
    const figures: ColdStartFigures = { measuredAt: new Date().toISOString(), vscodeVersion: vscode.version, activation, ...(largestConfig ? { largestConfig } : {}) };
    fs.mkdirSync(path.dirname(COLD_START_FIGURES), { recursive: true });
    fs.writeFileSync(COLD_START_FIGURES, `${JSON.stringify(figures, null, 2)}\n`);
  });
});
