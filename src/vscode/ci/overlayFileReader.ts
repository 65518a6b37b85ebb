import * as vscode from 'vscode';
import type { FileReader } from '../../core/ci';
import { LANGUAGE_ID } from '../ids';

/**
 * Serves the text of open editors in place of the file on disk, so an edit in an included
 * file is seen by the files that include it before anything is saved.
 */
export class OverlayFileReader implements FileReader {
  constructor(private readonly disk: FileReader) {}

  readFile(absPath: string): string | undefined {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absPath);
    return open ? open.getText() : this.disk.readFile(absPath);
  }

  glob(rootDir: string, pattern: string): string[] {
    return this.disk.glob(rootDir, pattern);
  }
}

/** Whether a document is one the language service checks (its language or a CI file opened as plain YAML). */
export function isCiDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && document.languageId === LANGUAGE_ID;
}
