import * as vscode from 'vscode';
import type { CiCompletion, CompletionKind, CiOutlineSymbol, OutlineKind, SourceLoc } from '../../core/ci';
import { completeCi, hoverCi, CiNavigator, outlineCi, parseCiFile } from '../../core/ci';
import { includeHover } from '../../core/includes/includeHover';
import { fromVsPosition, toVsRange } from '../convert';
import { LANGUAGE_ID, Schemes } from '../ids';
import type { CiAnalyzer } from './ciAnalyzer';
import type { DiagnosticsController } from './diagnosticsController';
import { ciFileOfUri, uriOfCiFile } from './includeUris';

/** The repository's CI files, and the read-only files includes brought in from GitLab (navigation works inside them too). */
const SELECTOR: vscode.DocumentSelector = [{ language: LANGUAGE_ID, scheme: 'file' }, { language: LANGUAGE_ID, scheme: Schemes.remoteInclude }];

const COMPLETION_KIND: Record<CompletionKind, vscode.CompletionItemKind> = {
  keyword: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  job: vscode.CompletionItemKind.Function,
  template: vscode.CompletionItemKind.Class,
  stage: vscode.CompletionItemKind.Enum,
  variable: vscode.CompletionItemKind.Variable,
  reference: vscode.CompletionItemKind.Field,
};

const SYMBOL_KIND: Record<OutlineKind, vscode.SymbolKind> = {
  job: vscode.SymbolKind.Function,
  template: vscode.SymbolKind.Class,
  keyword: vscode.SymbolKind.Namespace,
  stage: vscode.SymbolKind.EnumMember,
  key: vscode.SymbolKind.Property,
};

/** Registers completion, hover, definition, references and outline for CI files. */
export function registerCiLanguageProviders(analyzer: CiAnalyzer, diagnostics: DiagnosticsController): vscode.Disposable[] {
  /** Navigation needs positions that match the text on screen, so it re-checks a changed document first. */
  const freshAnalysis = (document: vscode.TextDocument) => {
    const file = ciFileOfUri(document.uri);
    const last = analyzer.lastFor(file);
    if (last && last.analysis.files.get(file)?.text === document.getText()) return last.analysis;
    diagnostics.validateNow(document);
    return analyzer.lastFor(file)?.analysis;
  };
  const toLocation = (loc: SourceLoc): vscode.Location => new vscode.Location(uriOfCiFile(loc.file), toVsRange(loc.range));

  return [
    vscode.languages.registerCompletionItemProvider(SELECTOR, {
      provideCompletionItems(document, position) {
        const analysis = analyzer.lastFor(ciFileOfUri(document.uri))?.analysis;
        return completeCi({ text: document.getText(), position: fromVsPosition(position), ...(analysis ? { analysis } : {}) }).map(toCompletionItem);
      },
    }, '$', '{', ' ', ':', '[', ',', '-'),
    vscode.languages.registerHoverProvider(SELECTOR, {
      provideHover(document, position) {
        const analysis = freshAnalysis(document);
        const file = analysis?.files.get(ciFileOfUri(document.uri)) ?? parseCiFile(ciFileOfUri(document.uri), document.getText());
        const hover = hoverCi(file, analysis, fromVsPosition(position));
        // On an include entry: which version of the remote files was read, and whether it came from the cache.
        const remote = analysis ? includeHover(analysis, file.path, fromVsPosition(position)) : undefined;
        const shown = hover ?? remote;
        if (!shown) return undefined;
        const contents = hover && remote ? `${hover.contents}\n\n---\n\n${remote.contents}` : shown.contents;
        return new vscode.Hover(new vscode.MarkdownString(contents), toVsRange(shown.range));
      },
    }),
    vscode.languages.registerDefinitionProvider(SELECTOR, {
      provideDefinition(document, position) {
        const analysis = freshAnalysis(document);
        return analysis ? new CiNavigator(analysis).definition(ciFileOfUri(document.uri), fromVsPosition(position)).map(toLocation) : [];
      },
    }),
    vscode.languages.registerReferenceProvider(SELECTOR, {
      provideReferences(document, position, context) {
        const analysis = freshAnalysis(document);
        return analysis ? new CiNavigator(analysis).references(ciFileOfUri(document.uri), fromVsPosition(position), context.includeDeclaration).map(toLocation) : [];
      },
    }),
    // Each include entry links to the file it brought in: a repository file, or a read-only file from GitLab.
    vscode.languages.registerDocumentLinkProvider(SELECTOR, {
      provideDocumentLinks(document) {
        const file = ciFileOfUri(document.uri);
        const analysis = analyzer.lastFor(file)?.analysis;
        if (!analysis || analysis.files.get(file)?.text !== document.getText()) return [];
        return analysis.includes.filter((l) => l.file === file && l.resolved.length === 1).map((l) => {
          const link = new vscode.DocumentLink(toVsRange(l.range), uriOfCiFile(l.resolved[0]!));
          link.tooltip = l.kind === 'local' ? 'Open the included file' : `Open the included file (read-only, ${analysis.remoteFiles.get(l.resolved[0]!)?.resolved ?? 'from GitLab'})`;
          return link;
        });
      },
    }),
    vscode.languages.registerDocumentSymbolProvider(SELECTOR, {
      provideDocumentSymbols(document) {
        const analysis = freshAnalysis(document);
        const file = analysis?.files.get(ciFileOfUri(document.uri)) ?? parseCiFile(ciFileOfUri(document.uri), document.getText());
        return outlineCi(file, analysis).map(toDocumentSymbol);
      },
    }),
  ];
}

function toCompletionItem(c: CiCompletion): vscode.CompletionItem {
  const item = new vscode.CompletionItem(c.label, COMPLETION_KIND[c.kind]);
  item.range = toVsRange(c.range);
  if (c.detail) item.detail = c.detail;
  if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
  if (c.insertText) item.insertText = c.snippet ? new vscode.SnippetString(c.insertText) : c.insertText;
  if (c.sortText) item.sortText = c.sortText;
  return item;
}

function toDocumentSymbol(s: CiOutlineSymbol): vscode.DocumentSymbol {
  const symbol = new vscode.DocumentSymbol(s.name, s.detail ?? '', SYMBOL_KIND[s.kind], toVsRange(s.range), toVsRange(s.selectionRange));
  symbol.children = s.children.map(toDocumentSymbol);
  return symbol;
}
