import type { ExpressionNode } from '../../ci';
import { compileRe2 } from '../../ci';

/**
 * What an expression evaluates to, as in GitLab's Ruby: nil, a string, a boolean (from comparisons)
 * or a compiled pattern.
 */
export type ExpressionValue = null | string | boolean | { readonly kind: 'regexp'; readonly regexp: RegExp; readonly text: string };

/** Variable values visible to an expression; undefined is an undefined variable (Ruby nil). */
export type VariableLookup = (name: string) => string | undefined;

/** Something worth telling about one evaluation (a variable that was meant as a pattern but is not valid RE2). */
export type EvaluationNote = (message: string) => void;

/** Ruby truthiness: only nil and false are false (an empty string is true). */
function rubyTruthy(value: ExpressionValue): boolean {
  return value !== null && value !== false;
}

/** Rails `present?`: nil, false and blank strings (empty or whitespace only) are not present. */
export function isPresent(value: ExpressionValue): boolean {
  if (value === null || value === false) return false;
  if (typeof value === 'string') return !/^\s*$/.test(value);
  return true;
}

/** `Pattern.build_and_evaluate`: a `/.../flags` string becomes a pattern, anything else stays a string. */
function asPattern(value: string, note: EvaluationNote | undefined): ExpressionValue {
  const unescaped = value.replace(/\\\//g, '/');
  const m = /^\/(.*)\/([ismU]*)$/s.exec(unescaped);
  if (!m) return value;
  const compiled = compileRe2(m[1] ?? '', m[2] ?? '');
  if (!compiled.ok) {
    note?.(`the value ${JSON.stringify(value)} is not a valid RE2 pattern (${compiled.error}); GitLab then compares it as plain text`);
    return value;
  }
  return { kind: 'regexp', regexp: compiled.regexp, text: value };
}

function asText(value: ExpressionValue): string {
  if (value === null) return '';
  if (typeof value === 'object') return `/${value.text}/`;
  return String(value);
}

/**
 * `=~` as GitLab evaluates it: a nil right side never matches; a pattern (literal, or a variable
 * holding `/.../`) is searched in the left side's text (nil reads as ""); any other string right
 * side matches when the left side's text occurs in it (Ruby's `String#scan`).
 */
function matches(left: ExpressionValue, right: ExpressionValue, note: EvaluationNote | undefined): boolean {
  if (right === null || right === false) return false;
  const text = asText(left);
  const pattern = typeof right === 'string' ? asPattern(right, note) : right;
  if (typeof pattern === 'object' && pattern !== null) return pattern.regexp.test(text);
  return asText(pattern).includes(text);
}

function equal(a: ExpressionValue, b: ExpressionValue): boolean {
  if (typeof a === 'object' && a !== null) return typeof b === 'object' && b !== null && a.regexp.source === b.regexp.source;
  return a === b;
}

/** Evaluates a parsed expression to its Ruby value. */
export function evaluateValue(node: ExpressionNode, lookup: VariableLookup, note?: EvaluationNote): ExpressionValue {
  switch (node.kind) {
    case 'variable':
      return lookup(node.name) ?? null;
    case 'string':
      return node.value;
    case 'null':
      return null;
    case 'pattern':
      return { kind: 'regexp', regexp: node.regexp, text: `${node.source}/${node.flags}` };
    case 'binary': {
      switch (node.op) {
        case '&&': {
          const left = evaluateValue(node.left, lookup, note);
          return rubyTruthy(left) ? evaluateValue(node.right, lookup, note) : left;
        }
        case '||': {
          const left = evaluateValue(node.left, lookup, note);
          return rubyTruthy(left) ? left : evaluateValue(node.right, lookup, note);
        }
        case '==':
          return equal(evaluateValue(node.left, lookup, note), evaluateValue(node.right, lookup, note));
        case '!=':
          return !equal(evaluateValue(node.left, lookup, note), evaluateValue(node.right, lookup, note));
        case '=~':
          return matches(evaluateValue(node.left, lookup, note), evaluateValue(node.right, lookup, note), note);
        case '!~': {
          const right = evaluateValue(node.right, lookup, note);
          if (right === null || right === false) return true;
          return !matches(evaluateValue(node.left, lookup, note), right, note);
        }
      }
    }
  }
}

/** GitLab's `Statement#truthful?`: the value is present. */
export function evaluateExpression(node: ExpressionNode, lookup: VariableLookup, note?: EvaluationNote): boolean {
  return isPresent(evaluateValue(node, lookup, note));
}
