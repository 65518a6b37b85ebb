// GitLab's error bodies, worded as lib/api/helpers.rb and lib/api/api.rb word them.

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: unknown, readonly headers: Readonly<Record<string, string>> = {}) {
    super(typeof body === 'object' && body !== null ? JSON.stringify(body) : String(body));
  }
}

/** `not_found!('Project')` -> "404 Project Not Found"; a missing record -> "404 Not found". */
export const notFound = (resource?: string): ApiError =>
  new ApiError(404, { message: resource ? `404 ${resource} Not Found` : '404 Not found' });

/** Grape's catch-all for unknown routes. */
export const routeNotFound = (): ApiError => new ApiError(404, { error: '404 Not Found' });

export const forbidden = (reason?: string): ApiError =>
  new ApiError(403, { message: reason ? `403 Forbidden - ${reason}` : '403 Forbidden' });

export const badRequest = (reason?: string): ApiError =>
  new ApiError(400, { message: reason ? `400 Bad request - ${reason}` : '400 Bad request' });

/** `render_api_error!(message, 400)`: the message as is. */
export const apiError = (status: number, message: unknown): ApiError => new ApiError(status, { message });

/** Grape parameter validation: `{"error":"scope does not have a valid value"}`. */
export const invalidParam = (name: string, problem: string): ApiError =>
  new ApiError(400, { error: `${name} ${problem}` });

export const unauthorized = (): ApiError => new ApiError(401, { message: '401 Unauthorized' });

/** What the OAuth bearer guard answers for a token GitLab found but will not accept. */
export const invalidToken = (description: string): ApiError =>
  new ApiError(401, { error: 'invalid_token', error_description: description }, {
    'WWW-Authenticate': `Bearer realm="", error="invalid_token", error_description="${description}"`,
  });

export const insufficientScope = (): ApiError =>
  new ApiError(403, {
    error: 'insufficient_scope',
    error_description: 'The request requires higher privileges than provided by the access token.',
    scope: 'api',
  });
