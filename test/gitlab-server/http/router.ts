// A tiny router: literal segments, `:name` segments and a trailing `*name` (the rest), first match wins. Segments are split on
// raw `/`, so a URL-encoded project path (`group%2Fapp`) stays one segment, as in GitLab.
import type { Method, Route } from './types';

export interface RouteMatch {
  readonly route: Route;
  readonly params: Readonly<Record<string, string>>;
}

export class Router {
  private readonly compiled: { route: Route; segments: string[] }[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => ({ route, segments: split(route.pattern) }));
  }

  match(method: Method, path: string): RouteMatch | undefined {
    const actual = split(path);
    for (const { route, segments } of this.compiled) {
      const wildcard = segments.at(-1)?.startsWith('*') === true;
    if (route.method !== method || (wildcard ? actual.length < segments.length : segments.length !== actual.length)) continue;
      const params = matchSegments(segments, actual);
      if (params) return { route, params };
    }
    return undefined;
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] ?? '';
    const got = actual[i] ?? '';
    if (want.startsWith('*')) {
      // Grape's `*name`: the rest of the path, each segment decoded.
      try {
        params[want.slice(1)] = actual.slice(i).map((s) => decodeURIComponent(s)).join('/');
      } catch {
        return undefined;
      }
      return params;
    }
    if (want.startsWith(':')) {
      try {
        params[want.slice(1)] = decodeURIComponent(got);
      } catch {
        return undefined;
      }
    } else if (want !== got) {
      return undefined;
    }
  }
  return params;
}
