// A pipeline's test report and one file of a job's artifacts archive, as lib/api/ci/pipelines.rb,
// lib/api/ci/job_artifacts.rb and Workhorse (internal/artifacts/entry.go) answer them.
import { ApiError, badRequest, notFound } from '../errors';
import { projectFor } from '../http/access';
import type { BodyStream, Route } from '../http/types';
import { ok } from '../http/types';
import type { ArtifactContent } from '../jobOutputs';
import { contentBytes, outputsOf, testReport } from '../jobOutputs';
import { buildIn, pipelineIn } from './lookup';

/** Workhorse's `mime.TypeByExtension`, for the extensions reports use; anything else is octet-stream. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.json': 'application/json',
  '.xml': 'text/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

function contentType(path: string): string {
  const dot = path.lastIndexOf('.');
  return (dot >= 0 ? CONTENT_TYPES[path.slice(dot).toLowerCase()] : undefined) ?? 'application/octet-stream';
}

function streamOf(content: ArtifactContent): BodyStream {
  if (typeof content === 'string') {
    const buffer = Buffer.from(content);
    return { bytes: buffer.length, chunk: (offset, size) => buffer.subarray(offset, offset + size) };
  }
  const fill = Buffer.from(content.fill.length > 0 ? content.fill : ' ');
  return {
    bytes: contentBytes(content),
    chunk: (offset, size) => {
      const out = Buffer.alloc(size);
      for (let i = 0; i < size; i++) out[i] = fill[(offset + i) % fill.length] ?? 32;
      return out;
    },
  };
}

/** `Gitlab::Ci::Build::Artifacts::Path#valid?`: no NUL byte, nothing that climbs out of the archive. */
function validPath(path: string): boolean {
  return !path.includes('\0') && !path.split('/').some((s) => s === '..');
}

export const reportRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/projects/:id/pipelines/:pipeline_id/test_report',
    handler: (ctx) => {
      const pipeline = pipelineIn(ctx, projectFor(ctx, 'read_build'));
      return ok(testReport(ctx.state, pipeline.id));
    },
  },
  {
    method: 'GET',
    pattern: '/projects/:id/jobs/:job_id/artifacts/*artifact_path',
    handler: (ctx) => {
      const job = buildIn(ctx, projectFor(ctx, 'read_build'));
      const files = outputsOf(job)?.files;
      // `not_found! unless build.available_artifacts?`
      if (!files || Object.keys(files).length === 0) throw notFound();
      const path = ctx.params['artifact_path'] ?? '';
      if (!validPath(path)) throw badRequest();
      const content = files[path];
      // Workhorse's `http.NotFound` for an entry the archive lacks: plain text, not the API's JSON.
      if (content === undefined) throw new ApiError(404, '404 page not found\n', { 'Content-Type': 'text/plain; charset=utf-8' });
      const basename = path.split('/').at(-1) ?? path;
      return {
        status: 200,
        stream: streamOf(content),
        headers: { 'Content-Type': contentType(path), 'Content-Disposition': `attachment; filename="${basename.replace(/"/g, '\\"')}"` },
      };
    },
  },
];
