import type { OperatorText, Token } from './lexer';
import { ExpressionSyntaxError, tokenize } from './lexer';
import { compileRe2 } from './re2';

/** A parsed expression. Patterns are compiled while parsing: GitLab rejects an invalid RE2 pattern as a syntax error. */
export type ExpressionNode =
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'null' }
  | { readonly kind: 'pattern'; readonly source: string; readonly flags: string; readonly regexp: RegExp }
  | { readonly kind: 'binary'; readonly op: OperatorText; readonly left: ExpressionNode; readonly right: ExpressionNode };

export type ParseResult = { readonly ok: true; readonly expression: ExpressionNode } | { readonly ok: false; readonly error: string; readonly offset: number };

/**
 * Binding strength as GitLab's lexemes declare it (lower binds tighter): comparisons 10, `&&` 11,
 * `||` 12. Operators of equal strength group to the left.
 */
export const PRECEDENCE: Readonly<Record<OperatorText, number>> = { '==': 10, '!=': 10, '=~': 10, '!~': 10, '&&': 11, '||': 12 };

type StackEntry = { readonly kind: 'pending-open'; readonly offset: number } | { readonly kind: 'pending-operator'; readonly op: OperatorText; readonly offset: number };
type Output = Token | StackEntry;

/** The shunting-yard pass GitLab's parser makes: tokens in reverse Polish order. */
function toRpn(tokens: readonly Token[]): Output[] {
  const output: Output[] = [];
  const stack: StackEntry[] = [];
  for (const token of tokens) {
    if (token.kind === 'operator') {
      for (let top = stack.at(-1); top?.kind === 'pending-operator' && PRECEDENCE[token.op] >= PRECEDENCE[top.op]; top = stack.at(-1)) output.push(stack.pop() ?? top);
      stack.push({ kind: 'pending-operator', op: token.op, offset: token.offset });
    } else if (token.kind === 'open') {
      stack.push({ kind: 'pending-open', offset: token.offset });
    } else if (token.kind === 'close') {
      for (let top = stack.at(-1); top?.kind === 'pending-operator'; top = stack.at(-1)) output.push(stack.pop() ?? top);
      if (stack.length === 0) throw new ExpressionSyntaxError('unmatched parenthesis', token.offset);
      stack.pop();
    } else output.push(token);
  }
  return output.concat(stack.reverse());
}

function leaf(token: Token): ExpressionNode {
  switch (token.kind) {
    case 'variable':
      return { kind: 'variable', name: token.name };
    case 'string':
      return { kind: 'string', value: token.value };
    case 'null':
      return { kind: 'null' };
    case 'pattern': {
      const compiled = compileRe2(token.source, token.flags);
      if (!compiled.ok) throw new ExpressionSyntaxError(`invalid regular expression ${token.text}: ${compiled.error}`, token.offset);
      return { kind: 'pattern', source: token.source, flags: token.flags, regexp: compiled.regexp };
    }
    default:
      throw new ExpressionSyntaxError(`unexpected ${token.text}`, token.offset);
  }
}

function build(rpn: readonly Output[], length: number): ExpressionNode {
  const results: ExpressionNode[] = [];
  for (const item of rpn) {
    if (item.kind === 'pending-open') throw new ExpressionSyntaxError('unmatched parenthesis', item.offset);
    if (item.kind === 'pending-operator') {
      const right = results.pop();
      const left = results.pop();
      if (!right) throw new ExpressionSyntaxError(`invalid right operand of ${item.op}`, item.offset);
      if (!left) throw new ExpressionSyntaxError(`invalid left operand of ${item.op}`, item.offset);
      results.push({ kind: 'binary', op: item.op, left, right });
    } else results.push(leaf(item));
  }
  if (results.length > 1) throw new ExpressionSyntaxError('unreachable nodes: operands without an operator between them', length);
  const root = results[0];
  if (!root) throw new ExpressionSyntaxError('empty expression', 0);
  return root;
}

/** Parses one expression as GitLab does. Never throws. */
export function parseExpression(text: string): ParseResult {
  try {
    return { ok: true, expression: build(toRpn(tokenize(text)), text.length) };
  } catch (e) {
    if (e instanceof ExpressionSyntaxError) return { ok: false, error: e.message, offset: e.offset };
    throw e;
  }
}
