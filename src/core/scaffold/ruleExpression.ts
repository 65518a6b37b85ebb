/**
 * The `rules:if` expression language, for the subset the scaffold writes and common hand-written
 * rules use: `$VAR`, "strings", 'strings', `null`, `/regex/flags`, `==`, `!=`, `=~`, `!~`, `&&`
 * (binds tighter), `||` and parentheses. A bare operand is true when it is a non-empty string.
 */

export type Operand =
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'null' }
  | { readonly kind: 'regex'; readonly source: string; readonly flags: string };

export type ComparisonOperator = '==' | '!=' | '=~' | '!~';

export type RuleExpression =
  | { readonly kind: 'operand'; readonly operand: Operand }
  | { readonly kind: 'compare'; readonly op: ComparisonOperator; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'and' | 'or'; readonly left: RuleExpression; readonly right: RuleExpression };

export type ParseResult = { readonly ok: true; readonly expression: RuleExpression } | { readonly ok: false; readonly error: string; readonly offset: number };

type Token = { readonly offset: number } & ({ readonly kind: 'operand'; readonly operand: Operand } | { readonly kind: 'op'; readonly op: ComparisonOperator | '&&' | '||' | '(' | ')' });

class SyntaxProblem extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const OPERATORS = ['==', '!=', '=~', '!~', '&&', '||', '(', ')'] as const;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const previous = tokens[tokens.length - 1];
    const afterMatch = previous?.kind === 'op' && (previous.op === '=~' || previous.op === '!~');
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    const variable = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
    if (op) {
      tokens.push({ kind: 'op', op, offset: i });
      i += op.length;
    } else if (variable) {
      tokens.push({ kind: 'operand', operand: { kind: 'variable', name: variable[1] ?? '' }, offset: i });
      i += variable[0].length;
    } else if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) throw new SyntaxProblem('unterminated string', i);
      tokens.push({ kind: 'operand', operand: { kind: 'string', value: text.slice(i + 1, end) }, offset: i });
      i = end + 1;
    } else if (ch === '/' && afterMatch) {
      const regex = /^\/((?:\\.|[^\\/])*)\/([a-z]*)/.exec(text.slice(i));
      if (!regex) throw new SyntaxProblem('unterminated regular expression', i);
      tokens.push({ kind: 'operand', operand: { kind: 'regex', source: regex[1] ?? '', flags: regex[2] ?? '' }, offset: i });
      i += regex[0].length;
    } else if (/^null\b/.test(text.slice(i))) {
      tokens.push({ kind: 'operand', operand: { kind: 'null' }, offset: i });
      i += 4;
    } else {
      throw new SyntaxProblem(`unexpected "${ch}"`, i);
    }
  }
  return tokens;
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: readonly Token[], private readonly length: number) {}

  parse(): RuleExpression {
    const expression = this.or();
    const extra = this.tokens[this.index];
    if (extra) throw new SyntaxProblem('unexpected token after the expression', extra.offset);
    return expression;
  }

  private or(): RuleExpression {
    let left = this.and();
    while (this.takeOp('||')) left = { kind: 'or', left, right: this.and() };
    return left;
  }

  private and(): RuleExpression {
    let left = this.primary();
    while (this.takeOp('&&')) left = { kind: 'and', left, right: this.primary() };
    return left;
  }

  private primary(): RuleExpression {
    if (this.takeOp('(')) {
      const inner = this.or();
      if (!this.takeOp(')')) throw new SyntaxProblem('missing ")"', this.offset());
      return inner;
    }
    const left = this.operand();
    const next = this.tokens[this.index];
    if (next?.kind === 'op' && (next.op === '==' || next.op === '!=' || next.op === '=~' || next.op === '!~')) {
      this.index++;
      return { kind: 'compare', op: next.op, left, right: this.operand() };
    }
    return { kind: 'operand', operand: left };
  }

  private operand(): Operand {
    const token = this.tokens[this.index];
    if (token?.kind !== 'operand') throw new SyntaxProblem('expected a variable, string, regex or null', this.offset());
    this.index++;
    return token.operand;
  }

  private takeOp(op: string): boolean {
    const token = this.tokens[this.index];
    if (token?.kind === 'op' && token.op === op) {
      this.index++;
      return true;
    }
    return false;
  }

  private offset(): number {
    return this.tokens[this.index]?.offset ?? this.length;
  }
}

/** Parses one `if:` string. Never throws. */
export function parseRuleExpression(text: string): ParseResult {
  try {
    return { ok: true, expression: new Parser(tokenize(text), text.length).parse() };
  } catch (e) {
    if (e instanceof SyntaxProblem) return { ok: false, error: e.message, offset: e.offset };
    throw e;
  }
}

/** Variable values visible to an expression; a missing name is an undefined variable. */
export type VariableLookup = (name: string) => string | undefined;

function value(operand: Operand, lookup: VariableLookup): string | null {
  switch (operand.kind) {
    case 'variable':
      return lookup(operand.name) ?? null;
    case 'string':
      return operand.value;
    case 'null':
      return null;
    case 'regex':
      return `/${operand.source}/${operand.flags}`;
  }
}

function toRegExp(operand: Operand, lookup: VariableLookup): RegExp | undefined {
  const literal = operand.kind === 'regex' ? operand : /^\/(.*)\/([a-z]*)$/s.exec(value(operand, lookup) ?? '');
  if (!literal) return undefined;
  const [source, flags] = Array.isArray(literal) ? [literal[1] ?? '', literal[2] ?? ''] : [literal.source, literal.flags];
  try {
    return new RegExp(source, flags.replace(/[^ims]/g, ''));
  } catch {
    return undefined;
  }
}

const COMPARE: Readonly<Record<ComparisonOperator, (left: Operand, right: Operand, lookup: VariableLookup) => boolean>> = {
  '==': (l, r, v) => value(l, v) === value(r, v),
  '!=': (l, r, v) => value(l, v) !== value(r, v),
  '=~': (l, r, v) => matches(l, r, v),
  '!~': (l, r, v) => !matches(l, r, v),
};

function matches(left: Operand, right: Operand, lookup: VariableLookup): boolean {
  const subject = value(left, lookup);
  const regex = toRegExp(right, lookup);
  return subject !== null && regex !== undefined && regex.test(subject);
}

export function evaluateRuleExpression(expression: RuleExpression, lookup: VariableLookup): boolean {
  switch (expression.kind) {
    case 'operand': {
      const v = value(expression.operand, lookup);
      return v !== null && v !== '';
    }
    case 'compare':
      return COMPARE[expression.op](expression.left, expression.right, lookup);
    case 'and':
      return evaluateRuleExpression(expression.left, lookup) && evaluateRuleExpression(expression.right, lookup);
    case 'or':
      return evaluateRuleExpression(expression.left, lookup) || evaluateRuleExpression(expression.right, lookup);
  }
}
