import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, Schemes, Settings, Views, LANGUAGE_ID } from '../../../src/vscode/ids';
import { REPO_ROOT } from '../../support/paths';

interface Manifest {
  name: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  devDependencies: Record<string, string>;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    viewsWelcome: { view: string; contents: string }[];
    configuration: { properties: Record<string, unknown> };
    languages: { id: string; filenames?: string[]; filenamePatterns?: string[] }[];
    grammars: { language: string; path: string; scopeName: string }[];
    menus?: Record<string, { command: string }[]>;
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

describe('package.json manifest', () => {
  it('contributes exactly the commands declared in src/vscode/ids.ts', () => {
    const declared = Object.values(Commands).sort();
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, declared);
  });

  it('gives every command a title and the Release Pilot category', () => {
    for (const c of manifest.contributes.commands) {
      assert.ok(c.title.length > 0, `${c.command} has no title`);
      assert.equal(c.category, 'Release Pilot', `${c.command} category`);
    }
  });

  it('only references contributed commands from menus and welcome views', () => {
    const known = new Set<string>([...Object.values(Commands), 'vscode.openFolder', 'workbench.action.openSettings', 'workbench.trust.manage']);
    for (const [menu, items] of Object.entries(manifest.contributes.menus ?? {})) {
      for (const item of items) assert.ok(known.has(item.command), `menu ${menu} uses unknown ${item.command}`);
    }
    for (const welcome of manifest.contributes.viewsWelcome) {
      for (const [, id] of welcome.contents.matchAll(/\(command:([\w.]+)/g)) {
        assert.ok(known.has(id!), `welcome view uses unknown command ${id}`);
      }
    }
  });

  it('contributes exactly the settings declared in src/vscode/ids.ts', () => {
    assert.deepEqual(Object.keys(manifest.contributes.configuration.properties).sort(), Object.values(Settings).sort());
  });

  it('declares the view container and views from src/vscode/ids.ts', () => {
    const container = manifest.contributes.viewsContainers.activitybar.find((c) => c.id === Views.container);
    assert.ok(container, 'activity bar container missing');
    assert.ok(fs.existsSync(path.join(REPO_ROOT, container.icon)), 'container icon file missing');
    const viewIds = (manifest.contributes.views[Views.container] ?? []).map((v) => v.id).sort();
    const declaredViews = Object.values(Views).filter((v) => v !== Views.container).sort();
    assert.deepEqual(viewIds, declaredViews);
  });

  it('loads in VS Code 1.100 (engines and @types/vscode not newer)', () => {
    assert.match(manifest.engines.vscode, /^\^1\.(\d|[1-9]\d|100)\.\d+$/);
    const types = manifest.devDependencies['@types/vscode'] ?? '';
    const minor = Number(/1\.(\d+)/.exec(types)?.[1]);
    assert.ok(minor <= 100, `@types/vscode ${types} is newer than 1.100`);
  });

  it('activates only on the CI language, the lanes view, GitLab CI workspaces and its own documents after a reload (commands activate implicitly)', () => {
    const expected = [
      `onLanguage:${LANGUAGE_ID}`, `onView:${Views.lanes}`, 'workspaceContains:.gitlab-ci.yml',
      `onFileSystem:${Schemes.jobLog}`, `onFileSystem:${Schemes.mergedConfig}`, `onFileSystem:${Schemes.remoteInclude}`,
    ];
    assert.deepEqual([...manifest.activationEvents].sort(), expected.sort());
  });

  it('maps .gitlab-ci.yml, *.gitlab-ci.yml and .gitlab/ci/**/*.yml to the gitlab-ci language with its grammar', () => {
    const lang = manifest.contributes.languages.find((l) => l.id === LANGUAGE_ID);
    assert.ok(lang);
    assert.deepEqual(lang.filenames, ['.gitlab-ci.yml']);
    assert.ok(lang.filenamePatterns?.includes('*.gitlab-ci.yml'));
    assert.ok(lang.filenamePatterns?.some((p) => p.includes('.gitlab/ci/') && p.endsWith('*.yml')));
    const grammar = manifest.contributes.grammars.find((g) => g.language === LANGUAGE_ID);
    assert.ok(grammar && fs.existsSync(path.join(REPO_ROOT, grammar.path)));
  });

  it('has an allow-list .vscodeignore that keeps sources, tests and node_modules out', () => {
    const lines = fs.readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
    assert.equal(lines.find((l) => l && !l.startsWith('#')), '**', 'first rule must ignore everything');
    for (const l of lines.filter((x) => x.startsWith('!'))) {
      assert.doesNotMatch(l, /^!(src|test|node_modules|out)\b/, `${l} would ship sources or tests`);
    }
  });
});

describe('the packaged .vsix', () => {
  it('holds the bundle, media, syntaxes, manifest, README, CHANGELOG and LICENSE, and nothing else', function () {
    this.timeout(60_000);
    const listed = execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: REPO_ROOT, encoding: 'utf8' })
      .split('\n').map((l) => l.trim()).filter(Boolean).sort();
    for (const file of listed) {
      assert.match(file, /^(dist\/(extension|cli|cli-main)\.js|dist\/cli-main\.cache|media\/[^/]+\.(svg|png)|syntaxes\/[^/]+\.json|package\.json|README\.md|CHANGELOG\.md|LICENSE)$/, `${file} should not ship`);
    }
    // dist/ is checked by the e2e level, which installs the real .vsix; here it may not be built yet.
    for (const needed of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'syntaxes/gitlab-ci.tmLanguage.json', 'media/release-pilot.svg']) {
      assert.ok(listed.includes(needed), `${needed} is missing from the package`);
    }
  });
});

describe('gitlab-ci grammar', () => {
  const grammarFile = path.join(REPO_ROOT, 'syntaxes', 'gitlab-ci.tmLanguage.json');
  const grammar = JSON.parse(fs.readFileSync(grammarFile, 'utf8')) as {
    scopeName: string;
    patterns: { include: string }[];
    repository: Record<string, { match?: string; patterns?: { match: string }[] }>;
  };

  it('embeds the YAML grammar', () => {
    assert.ok(grammar.patterns.some((p) => p.include === 'source.yaml'));
  });

  it('matches $VAR and ${VAR} but not an escaped $$', () => {
    const patterns = (grammar.repository['ci-variable']?.patterns ?? []).map((p) => new RegExp(p.match));
    const firstMatch = (text: string): string | undefined => {
      let best: RegExpExecArray | null = null;
      for (const re of patterns) {
        const m = re.exec(text);
        if (m && (best === null || m.index < best.index)) best = m;
      }
      return best?.[0];
    };
    assert.equal(firstMatch('echo $CI_COMMIT_SHA'), '$CI_COMMIT_SHA');
    assert.equal(firstMatch('url: https://x/${CI_PROJECT_PATH}/y'), '${CI_PROJECT_PATH}');
    assert.equal(firstMatch('cost: $$5'), '$$');
  });

  it('marks !reference only when a sequence follows', () => {
    const re = new RegExp(grammar.repository['reference-tag']?.match ?? '(?!)');
    assert.ok(re.test('script: !reference [.setup, script]'));
    assert.ok(!re.test('# !reference is a tag'.replace('!reference', '!referenced')));
  });
});
