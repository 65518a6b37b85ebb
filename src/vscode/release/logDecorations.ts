import * as vscode from 'vscode';
import type { TextStyle } from '../../core/release/log/ansi';
import { StyleBudget, styleKey } from '../../core/release/log/ansi';

/** Decoration types one log document may create; a log printing every colour there is gets no more. */
export const MAX_STYLE_TYPES = 128;

/**
 * The colour decorations of one log document: one type per distinct ANSI style, made on first
 * use (re-creating types on each update would flicker) within a {@link StyleBudget}, and all
 * disposed with the document, so neither a colourful log nor a long session piles them up.
 */
export class StyleDecorations implements vscode.Disposable {
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  private readonly budget: StyleBudget;

  constructor(maxTypes = MAX_STYLE_TYPES) {
    this.budget = new StyleBudget(maxTypes);
  }

  /** The type drawing `style` (or its fallback within the budget); undefined: draw it plain. */
  typeFor(style: TextStyle): { readonly key: string; readonly type: vscode.TextEditorDecorationType } | undefined {
    const drawn = this.budget.admit(style);
    if (!drawn) return undefined;
    const key = styleKey(drawn);
    let type = this.types.get(key);
    if (!type) {
      type = vscode.window.createTextEditorDecorationType({
        ...(drawn.fg ? { color: colour(drawn.fg) } : {}),
        ...(drawn.bg ? { backgroundColor: colour(drawn.bg) } : {}),
        ...(drawn.bold ? { fontWeight: 'bold' } : {}),
        ...(drawn.italic ? { fontStyle: 'italic' } : {}),
        ...(drawn.underline ? { textDecoration: 'underline' } : {}),
        ...(drawn.dim ? { opacity: '0.7' } : {}),
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
      this.types.set(key, type);
    }
    return { key, type };
  }

  /** Every type made so far, to clear the ones an update no longer uses. */
  all(): IterableIterator<[string, vscode.TextEditorDecorationType]> {
    return this.types.entries();
  }

  dispose(): void {
    for (const type of this.types.values()) type.dispose();
    this.types.clear();
  }
}

/** Basic colours follow the theme's terminal palette, so a log looks like the integrated terminal. */
function colour(value: string): string | vscode.ThemeColor {
  return value.startsWith('#') ? value : new vscode.ThemeColor(`terminal.${value}`);
}
