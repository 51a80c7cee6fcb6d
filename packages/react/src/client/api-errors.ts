/**
 * What a failed request to the Arion Metrics HTTP API becomes in the client: an RFC 9457
 * `application/problem+json` body as a {@link MetricsApiError}, a request that never got an
 * answer as a {@link MetricsNetworkError}. Both say the method and path they came from.
 */

/** The fields of an RFC 9457 problem the handler sends; `field`, `value` and `allowed` name bad input. */
export interface ProblemDetails {
  /** A URI naming the kind of problem (`about:blank` when the status says it all). */
  readonly type: string;
  /** A short summary of the kind of problem. */
  readonly title: string;
  /** The HTTP status code. */
  readonly status: number;
  /** What went wrong with this request, for a person. */
  readonly detail?: string;
  /** The request path the problem is about. */
  readonly instance?: string;
  /** A stable machine-readable code (e.g. `version_conflict`, `not_found`). */
  readonly code?: string;
  /** The input field that was refused, as a path (`body.name`, `query.limit`). */
  readonly field?: string;
  /** The refused value, as the server printed it. */
  readonly value?: unknown;
  /** What the field allows. */
  readonly allowed?: string;
  /** Any other members the server added. */
  readonly [extension: string]: unknown;
}

/** The server answered with an error status; `problem` holds its problem+json body. */
export class MetricsApiError extends Error {
  override readonly name = 'MetricsApiError';
  /** The HTTP status code (400, 401, 404, 412, 422, 500, ...). */
  readonly status: number;
  /** The problem body, or one synthesised from the status when the body was not problem+json. */
  readonly problem: ProblemDetails;
  /** The request method. */
  readonly method: string;
  /** The request URL. */
  readonly url: string;

  constructor(method: string, url: string, problem: ProblemDetails) {
    const where = problem.field ? ` (${problem.field})` : '';
    super(
      `${method} ${url}: ${problem.status} ${problem.title}${where}${problem.detail ? `: ${problem.detail}` : ''}`,
    );
    this.status = problem.status;
    this.problem = problem;
    this.method = method;
    this.url = url;
  }

  /** The problem's `code` when the server sent one. */
  get code(): string | undefined {
    return this.problem.code;
  }
}

/** The request got no HTTP answer (connection refused, reset, DNS, aborted by a timeout). */
export class MetricsNetworkError extends Error {
  override readonly name = 'MetricsNetworkError';
  /** The request method. */
  readonly method: string;
  /** The request URL. */
  readonly url: string;

  constructor(method: string, url: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${method} ${url}: no response (${reason})`, { cause });
    this.method = method;
    this.url = url;
  }
}

/** True for the media types of RFC 9457 problems (and plain JSON, which some proxies send). */
function isJson(contentType: string | null): boolean {
  return contentType !== null && /^application\/(problem\+)?json\b/i.test(contentType);
}

/**
 * Reads the problem of an error response. A body that is not a JSON object (an HTML page from a
 * proxy, an empty body) gives a problem made from the status line, with the start of the text as
 * `detail`, so the caller always gets a {@link ProblemDetails}.
 */
export async function readProblem(response: Response): Promise<ProblemDetails> {
  const text = await response.text().catch(() => '');
  const fallback: ProblemDetails = {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    ...(text ? { detail: text.slice(0, 200) } : {}),
  };
  if (!isJson(response.headers.get('content-type')) || !text) return fallback;
  try {
    const body: unknown = JSON.parse(text);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return fallback;
    const problem = body as Record<string, unknown>;
    return {
      ...problem,
      type: typeof problem.type === 'string' ? problem.type : 'about:blank',
      title: typeof problem.title === 'string' ? problem.title : fallback.title,
      status: response.status,
    };
  } catch {
    return fallback;
  }
}
