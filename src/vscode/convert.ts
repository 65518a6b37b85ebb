import * as vscode from 'vscode';
import type { Diagnostic, Range, Severity } from '../core/diagnostic';

/** Core ranges are zero-based like the editor's, so conversion is a plain copy. */
export function toVsRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function fromVsPosition(position: vscode.Position): { line: number; character: number } {
  return { line: position.line, character: position.character };
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toVsDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const out = new vscode.Diagnostic(toVsRange(d.range), d.message, SEVERITY[d.severity]);
  out.code = d.code;
  out.source = 'Release Pilot';
  return out;
}
