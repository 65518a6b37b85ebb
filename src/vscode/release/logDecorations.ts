import * as vscode from 'vscode';
import type { TextStyle } from '../../core/release/log/ansi';
import { styleKey } from '../../core/release/log/ansi';

/**
 * One decoration type per distinct ANSI style, made on first use and kept for the session:
 * a log uses a handful of styles, and re-creating types on each update would flicker.
 */
export class StyleDecorations implements vscode.Disposable {
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  readonly sectionHeader = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('descriptionForeground'), margin: '0 0 0 1.5em' },
  });

  typeFor(style: TextStyle): vscode.TextEditorDecorationType {
    const key = styleKey(style);
    let type = this.types.get(key);
    if (!type) {
      type = vscode.window.createTextEditorDecorationType({
        ...(style.fg ? { color: colour(style.fg) } : {}),
        ...(style.bg ? { backgroundColor: colour(style.bg) } : {}),
        ...(style.bold ? { fontWeight: 'bold' } : {}),
        ...(style.italic ? { fontStyle: 'italic' } : {}),
        ...(style.underline ? { textDecoration: 'underline' } : {}),
        ...(style.dim ? { opacity: '0.7' } : {}),
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
      this.types.set(key, type);
    }
    return type;
  }

  dispose(): void {
    for (const type of this.types.values()) type.dispose();
    this.sectionHeader.dispose();
  }
}

/** Basic colours follow the theme's terminal palette, so a log looks like the integrated terminal. */
function colour(value: string): string | vscode.ThemeColor {
  return value.startsWith('#') ? value : new vscode.ThemeColor(`terminal.${value}`);
}
