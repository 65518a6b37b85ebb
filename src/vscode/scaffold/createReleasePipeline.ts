/**
 * "Release Pilot: Create Release Pipeline": asks the options, writes the generated pipeline into
 * a workspace folder (a new `.gitlab-ci.yml`, or `.gitlab/ci/release-pilot.yml` plus an include
 * line when the project already has one), and opens it. Nothing existing is replaced without
 * the person's consent, and every change goes through a WorkspaceEdit so it can be undone.
 */
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { GeneratedPipeline } from '../../core/scaffold';
import { INCLUDE_FILE_PATH, ROOT_CI_FILE, checkReleasePipelineOptions, generateReleasePipeline } from '../../core/scaffold';
import type { ExtensionSettings } from '../settings/extensionSettings';
import { alreadyIncluded } from '../../core/scaffold/alreadyIncluded';
import { askPipelineOptions } from '../../core/scaffold/askPipelineOptions';
import type { Asker } from '../../core/asker';

export interface ScaffoldDeps {
  readonly ask: Asker;
  readonly logger: Logger;
  readonly settings: ExtensionSettings;
}

export type ScaffoldOutcome =
  /** `include`: added to the root file, shown to be added by hand, or not needed (no root file, or already there). */
  | { readonly kind: 'written'; readonly files: readonly vscode.Uri[]; readonly include: 'applied' | 'shown' | 'none'; readonly notes: readonly string[] }
  | { readonly kind: 'cancelled'; readonly reason: string };

const COPY_INCLUDE = 'Copy Include Lines';

async function readIfExists(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
    throw error;
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function chooseFolder(ask: Asker, given: unknown): Promise<vscode.Uri | undefined> {
  if (given instanceof vscode.Uri) return given;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0]?.uri;
  return ask.pick(folders.map((f) => ({ value: f.uri, label: f.name, description: f.uri.fsPath })), { title: 'Create Release Pipeline: which project?' });
}

/** Writes the files (asking before replacing any) and hooks the include in; one undoable edit. */
async function apply(folder: vscode.Uri, generated: GeneratedPipeline, existingRoot: string | undefined, ask: Asker): Promise<ScaffoldOutcome> {
  const edit = new vscode.WorkspaceEdit();
  const files: vscode.Uri[] = [];
  for (const file of generated.files) {
    const uri = vscode.Uri.joinPath(folder, ...file.path.split('/'));
    if (await exists(uri)) {
      const replace = await ask.confirm({
        message: `${file.path} already exists. Replace it with the generated release pipeline?`,
        detail: 'You can undo the replacement with Undo in the editor.',
        confirm: 'Replace',
      });
      if (!replace) return { kind: 'cancelled', reason: `${file.path} already exists and was kept` };
    }
    // Parent folders are made beforehand: an empty folder left behind by Undo is harmless.
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    edit.createFile(uri, { overwrite: true, contents: new TextEncoder().encode(file.content) });
    files.push(uri);
  }
  let include: 'applied' | 'shown' | 'none' = 'none';
  const instruction = generated.include && !alreadyIncluded(existingRoot ?? '', INCLUDE_FILE_PATH) ? generated.include : undefined;
  if (instruction?.updatedEntry !== undefined) {
    const entry = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, ...instruction.entryPath.split('/')));
    edit.replace(entry.uri, new vscode.Range(entry.positionAt(0), entry.positionAt(entry.getText().length)), instruction.updatedEntry);
    include = 'applied';
  }
  if (!(await vscode.workspace.applyEdit(edit))) return { kind: 'cancelled', reason: 'the editor refused the change' };
  if (include === 'applied' && instruction) {
    const entry = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === vscode.Uri.joinPath(folder, ...instruction.entryPath.split('/')).fsPath);
    await entry?.save();
  }
  if (instruction && include === 'none') {
    include = 'shown';
    const choice = await ask.inform('warning', `Add this to ${instruction.entryPath} so GitLab runs the release pipeline:\n${instruction.snippet}`, [COPY_INCLUDE]);
    if (choice === COPY_INCLUDE) await vscode.env.clipboard.writeText(instruction.snippet);
  }
  return { kind: 'written', files, include, notes: generated.notes };
}

/**
 * The command. `folderArg` is the folder to write to (from the explorer's context menu or a
 * test); by default the only workspace folder, or the one the person picks.
 */
export async function createReleasePipeline(deps: ScaffoldDeps, folderArg?: unknown): Promise<ScaffoldOutcome> {
  const { ask, logger } = deps;
  const folder = await chooseFolder(ask, folderArg);
  if (!folder) {
    if ((vscode.workspace.workspaceFolders ?? []).length === 0) void ask.inform('warning', 'Open the folder of your project first: the release pipeline is written into it.');
    return { kind: 'cancelled', reason: 'no folder' };
  }
  const answers = await askPipelineOptions(ask, deps.settings.lanes(folder));
  if (!answers) return { kind: 'cancelled', reason: 'a question was cancelled' };
  const existingCiFile = await readIfExists(vscode.Uri.joinPath(folder, ROOT_CI_FILE));
  const options = existingCiFile === undefined ? answers : { ...answers, existingCiFile };
  const problems = checkReleasePipelineOptions(options);
  if (problems.length > 0) {
    void ask.inform('warning', `The release pipeline cannot be generated: ${problems.map((p) => p.message).join(' ')}`);
    return { kind: 'cancelled', reason: problems.map((p) => p.message).join(' ') };
  }
  const outcome = await apply(folder, generateReleasePipeline(options), existingCiFile, ask);
  if (outcome.kind === 'cancelled') {
    logger.info(`Create Release Pipeline: nothing written (${outcome.reason})`);
    return outcome;
  }
  logger.info(`Create Release Pipeline: wrote ${outcome.files.map((f) => vscode.workspace.asRelativePath(f)).join(', ')}; include ${outcome.include}`);
  const first = outcome.files[0];
  if (first) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(first), { preview: false });
  for (const note of outcome.notes) void ask.inform('warning', note);
  const done = outcome.include === 'applied' ? ` and included it from ${ROOT_CI_FILE} (Undo reverts both)` : '';
  void ask.inform('info', `Release pipeline written to ${first ? vscode.workspace.asRelativePath(first) : 'the project'}${done}. Replace the placeholder deploy and test scripts with yours.`);
  return outcome;
}
