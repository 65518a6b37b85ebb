/**
 * The tokens of GitLab's CI/CD variable expressions (`rules:if`, `only/except:variables`), read the
 * way `Gitlab::Ci::Pipeline::Expression::Lexer` reads them: whitespace is skipped, then the first
 * lexeme in {@link LEXEMES} order that matches at the current position wins. There are no escapes in
 * strings, `${VAR}` is not a variable, and at most {@link MAX_TOKENS} - 1 tokens are accepted.
 */

export type OperatorText = '==' | '!=' | '=~' | '!~' | '&&' | '||';

export type Token = { readonly offset: number; readonly text: string } & (
  | { readonly kind: 'open' | 'close' | 'null' }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'pattern'; readonly source: string; readonly flags: string }
  | { readonly kind: 'operator'; readonly op: OperatorText }
);

export class ExpressionSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** GitLab stops at this many lexer steps; reaching it is an error even at the end of the text. */
export const MAX_TOKENS = 100;

type Scan = (text: string, at: number) => Token | undefined;

function sticky(re: RegExp, build: (m: RegExpExecArray, at: number) => Token): Scan {
  const anchored = new RegExp(re.source, 'y');
  return (text, at) => {
    anchored.lastIndex = at;
    const m = anchored.exec(text);
    return m ? build(m, at) : undefined;
  };
}

const operator = (op: OperatorText): Scan => (text, at) => (text.startsWith(op, at) ? { kind: 'operator', op, offset: at, text: op } : undefined);

/**
 * GitLab's lexemes in its order. The pattern lexeme's shape is GitLab's own: at least two characters
 * between the slashes, the last one not a backslash, flags from `ismU`; `\/` inside stands for `/`.
 */
const LEXEMES: readonly Scan[] = [
  (text, at) => (text.charAt(at) === '(' ? { kind: 'open', offset: at, text: '(' } : undefined),
  (text, at) => (text.charAt(at) === ')' ? { kind: 'close', offset: at, text: ')' } : undefined),
  sticky(/\$(\w+)/, (m, at) => ({ kind: 'variable', name: m[1] ?? '', offset: at, text: m[0] })),
  sticky(/"(.*?)"|'(.*?)'/, (m, at) => ({ kind: 'string', value: m[1] ?? m[2] ?? '', offset: at, text: m[0] })),
  sticky(/\/(?:[^/]|\\\/)+[^\\]\/[ismU]*/, (m, at) => {
    const whole = m[0];
    const close = whole.lastIndexOf('/');
    return { kind: 'pattern', source: whole.slice(1, close).replace(/\\\//g, '/'), flags: whole.slice(close + 1), offset: at, text: whole };
  }),
  sticky(/null/, (m, at) => ({ kind: 'null', offset: at, text: m[0] })),
  operator('=='),
  operator('=~'),
  operator('!='),
  operator('!~'),
  operator('&&'),
  operator('||'),
];

/** Splits an expression into tokens; throws {@link ExpressionSyntaxError} where GitLab's lexer fails. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  for (let step = 0; step < MAX_TOKENS; step++) {
    // Ruby's \s: ASCII whitespace only.
    while (at < text.length && /[ \t\r\n\f\v]/.test(text.charAt(at))) at++;
    if (at >= text.length) return tokens;
    let token: Token | undefined;
    for (const scan of LEXEMES) {
      token = scan(text, at);
      if (token) break;
    }
    if (!token) {
      const hint = text.startsWith('${', at) ? ' (expressions take $VAR; GitLab does not accept ${VAR} here)' : '';
      throw new ExpressionSyntaxError(`unknown lexeme at "${text.slice(at, at + 12)}"${hint}`, at);
    }
    tokens.push(token);
    at += token.text.length;
  }
  throw new ExpressionSyntaxError(`too many tokens (GitLab reads at most ${MAX_TOKENS - 1})`, at);
}
