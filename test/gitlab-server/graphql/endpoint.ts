// `GET|POST /api/graphql` as GitLab's GraphqlController answers it (app/controllers/graphql_controller.rb):
// routed for both verbs; anonymous callers see public data (a private project is null); a token
// that does not authenticate is a 401 `{"errors":[{"message":"Invalid token"}]}`; a query over
// 10,000 characters a 422; and every query error (unknown field, bad argument, a field limit)
// HTTP 200 with an `errors` list beside whatever `data` could still be resolved.
import { graphqlSync } from 'graphql';
import type { Token, User } from '../model';
import type { FakeGitLabState } from '../state';
import type { GraphqlContext } from './schema';
import { gitlabSchema, rootValue } from './schema';

/** GraphqlController::MAX_QUERY_SIZE. */
const MAX_QUERY_SIZE = 10_000;

export interface GraphqlRequest {
  readonly query: unknown;
  readonly variables: unknown;
  readonly operationName: unknown;
}

export interface GraphqlResponse {
  readonly status: number;
  readonly json: unknown;
}

/** The request's GraphQL parameters: the query string (GET) or the JSON body (POST). */
export function graphqlRequestOf(method: string, query: URLSearchParams, body: Readonly<Record<string, unknown>>): GraphqlRequest {
  if (method === 'GET') return { query: query.get('query') ?? '', variables: query.get('variables'), operationName: query.get('operationName') };
  return { query: body['query'] ?? '', variables: body['variables'], operationName: body['operationName'] };
}

/**
 * Who is asking: a token that authenticates for the API (GitLab's `graphql_api` scope check lets
 * `api` and `read_api` through), nobody (no token), or `invalid` (a token that does not authenticate).
 */
export function graphqlCaller(state: FakeGitLabState, value: string | undefined): { user: User; token: Token } | null | 'invalid' {
  if (value === undefined) return null;
  const token = state.findToken(value);
  const user = token ? state.users.get(token.userId) : undefined;
  const now = state.clock.now();
  if (!token || !user || token.revoked || (token.expiresAt !== null && token.expiresAt <= now)) return 'invalid';
  if (!token.scopes.some((s) => s === 'api' || s === 'read_api')) return 'invalid';
  token.lastUsedAt = now;
  return { user, token };
}

export const invalidTokenAnswer: GraphqlResponse = { status: 401, json: { errors: [{ message: 'Invalid token' }] } };

export function executeGraphql(state: FakeGitLabState, user: User | null, request: GraphqlRequest): GraphqlResponse {
  const source = typeof request.query === 'string' ? request.query : '';
  if (source.length > MAX_QUERY_SIZE) return { status: 422, json: { errors: [{ message: 'Query too large' }] } };
  if (source.trim() === '') return { status: 200, json: { errors: [{ message: 'No query string was present' }] } };
  let variables: Record<string, unknown> | undefined;
  try {
    variables = variablesOf(request.variables);
  } catch {
    return { status: 422, json: { errors: [{ message: 'Unexpected end of input' }] } };
  }
  const context: GraphqlContext = { state, user, calls: new Map() };
  const result = graphqlSync({
    schema: gitlabSchema(),
    source,
    rootValue,
    contextValue: context,
    ...(variables ? { variableValues: variables } : {}),
    ...(typeof request.operationName === 'string' && request.operationName !== '' ? { operationName: request.operationName } : {}),
  });
  return { status: 200, json: JSON.parse(JSON.stringify(result)) as unknown };
}

/** Gitlab::Graphql::Variables: a JSON string, an object, or nothing. */
function variablesOf(raw: unknown): Record<string, unknown> | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  if (value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error('variables must be an object');
  return value as Record<string, unknown>;
}
