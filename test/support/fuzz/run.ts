import type { FuzzRequest } from './openapi-arbitraries';

/** Replays with `FUZZ_SEED=<seed>`; `FUZZ_RUNS` sets how many requests (or socket events) in all. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261202);
export const fuzzRuns = (fallback: number) => Number(process.env.FUZZ_RUNS ?? fallback);

/** A line in the test's output (the seed to replay, the figures), outside Jest's console capture. */
export function report(line: string): void {
  process.stdout.write(`${line}\n`);
}

export interface Finding {
  op: string;
  caller: string;
  status: number | string;
  reason: string;
  request: string;
}

export interface Outcome {
  status: number;
  contentType: string;
  text: string;
}

/** What is wrong with a response, if anything: a 5xx, or a 4xx that is not a complete problem document. */
export function verdict(outcome: Outcome): string | undefined {
  if (outcome.status >= 500) return 'server error';
  if (outcome.status < 400) return undefined;
  if (!outcome.contentType.startsWith('application/problem+json')) return `4xx as ${outcome.contentType || 'no content type'}`;
  let problem: { status?: unknown; title?: unknown; detail?: unknown };
  try {
    problem = JSON.parse(outcome.text);
  } catch {
    return '4xx problem that is not JSON';
  }
  if (problem.status !== outcome.status) return `problem.status ${String(problem.status)} on a ${outcome.status}`;
  if (typeof problem.title !== 'string' || typeof problem.detail !== 'string') return 'problem without title or detail';
  return undefined;
}

export async function send(baseUrl: string, request: FuzzRequest, token: string | undefined): Promise<Outcome> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (request.contentType) headers['content-type'] = request.contentType;
  const response = await fetch(`${baseUrl}${request.url}`, { method: request.method, headers, body: request.body });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** A request in a failure message: short enough to read, exact enough to recognise. */
export function describeRequest(request: FuzzRequest): string {
  const cut = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}... (${text.length} chars)` : text);
  return `${request.method} ${cut(request.url)}${request.body === undefined ? '' : ` ${request.contentType} ${cut(JSON.stringify(request.body))}`}`;
}

/** One example per operation, status and kind of failure, so that a regression reads in a screenful. */
export function firstOfEachKind(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const finding of findings) {
    const kind = `${finding.op} ${finding.status} ${finding.reason.split(':')[0]}`;
    if (!seen.has(kind)) seen.set(kind, finding);
  }
  return [...seen.values()];
}
