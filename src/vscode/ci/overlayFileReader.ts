import * as vscode from 'vscode';
import type { FileRead, FileReader } from '../../core/ci';
import { LANGUAGE_ID } from '../ids';

/**
 * Serves the text of open editors in place of the file on disk, so an edit in an included
 * file is seen by the files that include it before anything is saved.
 */
export class OverlayFileReader implements FileReader {
  constructor(private readonly disk: FileReader) {}

  readFile(absPath: string): string | undefined {
    return this.openText(absPath) ?? this.disk.readFile(absPath);
  }

  private openText(absPath: string): string | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absPath)?.getText();
  }

  /**
   * The disk reader's guards first (links out of the root, FIFOs, devices, size): an open editor
   * never makes a refused path readable. An unsaved buffer with no file behind it yet is served.
   */
  readConfined(absPath: string, root: string): FileRead {
    const disk: FileRead = this.disk.readConfined ? this.disk.readConfined(absPath, root) : textOrMissing(this.disk.readFile(absPath));
    if (disk.kind !== 'text' && disk.kind !== 'missing') return disk;
    const open = this.openText(absPath);
    return open === undefined ? disk : { kind: 'text', text: open };
  }

  glob(rootDir: string, pattern: string): string[] {
    return this.disk.glob(rootDir, pattern);
  }
}

/** Whether a document is one the language service checks (its language or a CI file opened as plain YAML). */
export function isCiDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && document.languageId === LANGUAGE_ID;
}

function textOrMissing(text: string | undefined): FileRead {
  return text === undefined ? { kind: 'missing' } : { kind: 'text', text };
}
