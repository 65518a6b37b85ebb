/**
 * Live job logs in a read-only text editor. Why an editor and not a webview: a log is read by
 * searching it (Ctrl+F with regex, Go to Line, multi-cursor copy, the minimap, "Find in
 * selection"), and a text editor gives all of that natively and with the user's keybindings;
 * a webview would have to rebuild search and would lose it in every theme/keymap corner.
 * Colours come as decorations (one type per ANSI style, theme terminal colours, a bounded
 * set per document, disposed with it), GitLab's sections as folding ranges (collapsed ones
 * folded on open) with their duration after the header line. The document only ever grows:
 * the follower hands over new lines, which are appended; its size is bounded because the
 * follower stops reading a trace past 4 MiB and cuts huge reads and lines (see logFollower.ts).
 * The URI holds instance, project and job, so a reloaded window reopens the log.
 */
import * as vscode from 'vscode';
import type { GitLabApi } from '../../core/gitlab/client';
import type { Logger } from '../../core/logger';
import { systemClock } from '../../core/lanes/poller';
import type { StyledSpan } from '../../core/release/log/ansi';
import { LogFollower } from '../../core/release/log/logFollower';
import type { LogSection, LogUpdate } from '../../core/release/log/logRenderer';
import { StyleDecorations } from './logDecorations';
import type { LogAddress } from './logUri';
import { LOG_SCHEME, logUri, parseLogUri } from './logUri';

interface Session {
  readonly address: LogAddress;
  readonly lines: string[];
  readonly spans: { line: number; span: StyledSpan }[];
  sections: readonly LogSection[];
  follower?: LogFollower;
  status: string;
  /** Whether the person is at the end of the log: new lines scroll into view only then. */
  atBottom: boolean;
  folded: boolean;
  /** This document's colour decorations, disposed when it closes. */
  readonly styles: StyleDecorations;
}

/** Finds the API for an instance (waits for the lanes to connect after a reload). */
export type ApiLookup = (instanceUrl: string) => Promise<GitLabApi | undefined>;

export class LogView implements vscode.TextDocumentContentProvider, vscode.FoldingRangeProvider, vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly foldingChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeFoldingRanges = this.foldingChanged.event;
  private readonly sectionHeader = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('descriptionForeground'), margin: '0 0 0 1.5em' },
  });
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Numbers each follower, so each has its own conditional reads (see GitLabApi.forReader). */
  private followers = 0;

  readonly scheme = LOG_SCHEME;

  constructor(private readonly apiFor: ApiLookup, private readonly logger: Logger) {
    this.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(this.scheme, this),
      vscode.languages.registerFoldingRangeProvider({ scheme: this.scheme }, this),
      vscode.workspace.onDidCloseTextDocument((doc) => this.close(doc.uri)),
      vscode.workspace.onDidChangeTextDocument((e) => this.afterChange(e.document)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.filter((ed) => ed.document.uri.scheme === this.scheme).forEach((ed) => this.decorate(ed))),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.trackScroll(e.textEditor)),
    );
  }

  /** Opens (or focuses) the live log of a job. */
  async open(address: LogAddress): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(logUri(address, this.scheme));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    this.decorate(editor);
    return editor;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    let session = this.sessions.get(uri.toString());
    if (!session) {
      const address = parseLogUri(uri);
      if (!address) return 'This is not a Release Pilot job log address.';
      session = { address, lines: [], spans: [], sections: [], status: 'connecting', atBottom: true, folded: false, styles: new StyleDecorations() };
      this.sessions.set(uri.toString(), session);
      await this.follow(uri, session);
    }
    return session.lines.join('\n');
  }

  provideFoldingRanges(doc: vscode.TextDocument): vscode.FoldingRange[] {
    const session = this.sessions.get(doc.uri.toString());
    if (!session) return [];
    const last = Math.max(0, doc.lineCount - 1);
    return session.sections
      .map((s) => new vscode.FoldingRange(s.startLine, Math.min(s.endLine ?? last, last), vscode.FoldingRangeKind.Region))
      .filter((r) => r.end > r.start);
  }

  dispose(): void {
    for (const session of this.sessions.values()) {
      session.follower?.dispose();
      session.styles.dispose();
    }
    this.sessions.clear();
    for (const s of this.subscriptions) s.dispose();
    this.sectionHeader.dispose();
    this.changed.dispose();
    this.foldingChanged.dispose();
  }

  private async follow(uri: vscode.Uri, session: Session): Promise<void> {
    const api = await this.apiFor(session.address.instanceUrl);
    if (!api) {
      session.lines.push(`Sign in to ${session.address.instanceUrl} to follow this log (Release Pilot: Sign in to GitLab), then reopen it.`);
      session.status = 'signed-out';
      return;
    }
    const follower = new LogFollower({
      api,
      project: session.address.projectPath,
      jobId: session.address.jobId,
      instanceUrl: session.address.instanceUrl,
      reader: `${uri.toString()} #${++this.followers}`,
      clock: systemClock,
      listener: {
        onUpdate: (update, job) => this.append(uri, session, update, job?.status),
        onEnd: (job) => {
          session.status = job.status;
          this.logger.info(`Log of ${session.address.jobName} (job ${job.id}) complete: ${job.status}`);
          vscode.window.setStatusBarMessage(`$(output) ${session.address.jobName}: ${job.status}`, 10_000);
        },
        onError: (error, willRetry) => {
          const message = error instanceof Error ? error.message : String(error);
          this.logger.warn(`Log of job ${session.address.jobId}: ${message}${willRetry ? ' (retrying)' : ''}`);
          if (!willRetry) {
            session.status = 'error';
            this.append(uri, session, { reset: false, firstLine: session.lines.length, lines: [{ text: `[Release Pilot] Stopped following: ${message}`, spans: [] }], sections: session.sections }, undefined);
          }
        },
      },
    });
    session.follower = follower;
    session.status = 'following';
    follower.start();
    await follower.whenIdle();
  }

  private append(uri: vscode.Uri, session: Session, update: LogUpdate, status: string | undefined): void {
    if (update.reset) {
      session.lines.length = 0;
      session.spans.length = 0;
    }
    update.lines.forEach((line, i) => {
      session.lines.push(line.text);
      for (const span of line.spans) session.spans.push({ line: update.firstLine + i, span });
    });
    session.sections = update.sections;
    if (status) session.status = status;
    this.changed.fire(uri);
    this.foldingChanged.fire();
  }

  private afterChange(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== this.scheme) return;
    const session = this.sessions.get(doc.uri.toString());
    if (!session) return;
    for (const editor of vscode.window.visibleTextEditors.filter((e) => e.document === doc)) {
      this.decorate(editor);
      if (session.atBottom) {
        const last = Math.max(0, doc.lineCount - 1);
        editor.revealRange(new vscode.Range(last, 0, last, 0), vscode.TextEditorRevealType.Default);
      }
    }
  }

  private trackScroll(editor: vscode.TextEditor): void {
    if (editor.document.uri.scheme !== this.scheme) return;
    const session = this.sessions.get(editor.document.uri.toString());
    const end = editor.visibleRanges.at(-1)?.end.line;
    if (session && end !== undefined) session.atBottom = end >= editor.document.lineCount - 2;
  }

  private decorate(editor: vscode.TextEditor): void {
    const session = this.sessions.get(editor.document.uri.toString());
    if (!session) return;
    const byStyle = new Map<string, vscode.Range[]>();
    for (const { line, span } of session.spans) {
      if (line >= editor.document.lineCount) continue;
      const drawn = session.styles.typeFor(span.style);
      if (!drawn) continue;
      const ranges = byStyle.get(drawn.key) ?? [];
      ranges.push(new vscode.Range(line, span.start, line, span.end));
      byStyle.set(drawn.key, ranges);
    }
    // Types an update no longer uses (after a reset) are cleared too.
    for (const [key, type] of session.styles.all()) editor.setDecorations(type, byStyle.get(key) ?? []);
    editor.setDecorations(this.sectionHeader, session.sections
      .filter((s) => s.durationSec !== undefined && s.startLine < editor.document.lineCount)
      .map((s) => ({ range: new vscode.Range(s.startLine, 0, s.startLine, 0), renderOptions: { after: { contentText: formatSeconds(s.durationSec!) } } })));
    this.foldCollapsed(editor, session);
  }

  /** GitLab's `[collapsed=true]` sections start folded, once, when first shown. */
  private foldCollapsed(editor: vscode.TextEditor, session: Session): void {
    const lines = session.sections.filter((s) => s.collapsed && s.endLine !== undefined).map((s) => s.startLine);
    if (session.folded || lines.length === 0 || vscode.window.activeTextEditor !== editor) return;
    session.folded = true;
    void vscode.commands.executeCommand('editor.fold', { selectionLines: lines, levels: 1 });
  }

  private close(uri: vscode.Uri): void {
    if (uri.scheme !== this.scheme) return;
    const session = this.sessions.get(uri.toString());
    session?.follower?.dispose();
    session?.styles.dispose();
    this.sessions.delete(uri.toString());
  }
}

function formatSeconds(seconds: number): string {
  return seconds >= 60 ? `${Math.floor(seconds / 60)}m ${seconds % 60}s` : `${seconds}s`;
}
