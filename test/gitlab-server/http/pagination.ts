// GitLab's offset pagination: page/per_page (default 20, max 100), x-* headers and a Link header.
// Some routes (project jobs) paginate "without count": no x-total, x-total-pages or rel="last".
import { intParam } from './params';
import type { ApiResponse, RequestContext } from './types';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

export interface PageOptions {
  readonly withCount?: boolean;
}

export function paginate<T>(ctx: RequestContext, items: readonly T[], render: (item: T) => unknown, options: PageOptions = {}): ApiResponse {
  const withCount = options.withCount ?? true;
  const requestedPer = intParam(ctx, 'per_page') ?? DEFAULT_PER_PAGE;
  const perPage = requestedPer < 1 ? DEFAULT_PER_PAGE : Math.min(requestedPer, MAX_PER_PAGE);
  const page = Math.max(1, intParam(ctx, 'page') ?? 1);
  const total = items.length;
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  const start = (page - 1) * perPage;
  const slice = items.slice(start, start + perPage);
  const hasNext = start + perPage < total;

  const headers: Record<string, string> = {
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-next-page': hasNext ? String(page + 1) : '',
    'x-prev-page': page > 1 ? String(page - 1) : '',
  };
  if (withCount) {
    headers['x-total'] = String(total);
    headers['x-total-pages'] = String(totalPages);
  }
  const links: string[] = [];
  if (page > 1) links.push(`<${pageUrl(ctx, page - 1, perPage)}>; rel="prev"`);
  if (hasNext) links.push(`<${pageUrl(ctx, page + 1, perPage)}>; rel="next"`);
  links.push(`<${pageUrl(ctx, 1, perPage)}>; rel="first"`);
  if (withCount) links.push(`<${pageUrl(ctx, totalPages, perPage)}>; rel="last"`);
  headers['link'] = links.join(', ');
  return { status: 200, json: slice.map(render), headers };
}

function pageUrl(ctx: RequestContext, page: number, perPage: number): string {
  const url = new URL(ctx.url.href);
  url.searchParams.set('page', String(page));
  url.searchParams.set('per_page', String(perPage));
  return url.href;
}
