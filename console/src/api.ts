// A typed client of the public REST API at /nubis/api/v1 (bundles/rest/API.md): the console uses
// nothing else, so anything it does, a script can do.

export const API_BASE = '/nubis/api/v1';

export type Role = 'viewer' | 'operator' | 'admin';

export interface Page<T> {
  items: T[];
  offset: number;
  limit: number;
  total: number;
}

export interface Whoami {
  user: string;
  role: Role | null;
  via: 'basic' | 'token';
  accessKey?: string | null;
}

export interface ApiKey {
  accessKey: string;
  user: string;
  role: Role;
  description: string | null;
  createdAt: string;
  revokedAt?: string | null;
}

export interface NewApiKey {
  key: ApiKey;
  secret: string;
}

export interface Token {
  token: string;
  tokenType: 'Bearer';
  expiresIn: number;
  expiresAt: string;
}

export interface ProviderInfo {
  type: string;
  description: string | null;
  bundle: string | null;
}

export interface Cloud {
  name: string;
  type: string;
  available: boolean;
  status: string | null;
  settings: Record<string, string>;
  credentials: string[];
}

export interface Experiment {
  name: string;
  createdAt: string;
}

export interface Machine {
  id: string;
  experiment: string | null;
  cluster: string | null;
  kind: string | null;
  cloud: string;
  cloudId: string | null;
  state: string;
  stateReason: string | null;
  tags: string[];
  publicHost: string | null;
  privateHost: string | null;
  sshPort: number;
  sshUser: string | null;
  image: string | null;
  flavor: string | null;
  launch: string | null;
  createdAt: string | null;
  readyAt: string | null;
  setup: string | null;
  setupMessage: string | null;
}

export interface ExperimentDetails extends Experiment {
  instances: Machine[];
}

export interface Cluster {
  name: string;
  template: string;
  state: string;
  stateReason: string | null;
  setup: string | null;
  setupMessage: string | null;
  createdAt: string | null;
  phaseStarted: string | null;
  phaseEnded: string | null;
}

export interface Operation {
  id: string;
  kind: string;
  target: string;
  user: string;
  state: 'running' | 'succeeded' | 'failed' | 'cancelled';
  cancelRequested?: boolean;
  createdAt: string;
  finishedAt?: string | null;
  done: number;
  total: number;
  result?: unknown;
  error?: { error: string; detail: string } | null;
}

/** An answer of the API that is not a success: its `{error, detail}`, status and Retry-After. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/** The message a page shows for a failure: the API's detail, with the wait of a 429. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 429 && e.retryAfterSeconds != null && !/try again/i.test(e.detail)) {
      return `${e.detail} (try again in ${formatWait(e.retryAfterSeconds)})`;
    }
    return e.detail;
  }
  if (e instanceof Error) {
    return e.name === 'TypeError' ? `Nubis cannot be reached: ${e.message}` : e.message;
  }
  return String(e);
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/** Reads a non-2xx answer into an ApiError (the API always answers {error, detail}; proxies may not). */
export async function errorOf(response: Response): Promise<ApiError> {
  const retry = response.headers.get('Retry-After');
  const retryAfter = retry != null && /^\d+$/.test(retry.trim()) ? parseInt(retry, 10) : null;
  let code = `http_${response.status}`;
  let detail = `${response.status} ${response.statusText}`.trim();
  try {
    const body = await response.json();
    if (body && typeof body.error === 'string') code = body.error;
    if (body && typeof body.detail === 'string') detail = body.detail;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(response.status, code, detail, retryAfter);
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | string[] | undefined>;
  signal?: AbortSignal;
}

export function url(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined) continue;
    if (Array.isArray(v)) v.forEach((x) => params.append(k, x));
    else params.append(k, String(v));
  }
  const q = params.toString();
  return API_BASE + path + (q ? `?${q}` : '');
}

/** Path segments are always encoded: names come from users. */
export const seg = encodeURIComponent;

/**
 * One request: JSON in and out, the given Authorization header, never the browser's own
 * credentials (`credentials: 'omit'`: a 401 with `WWW-Authenticate: Basic` then does not make the
 * browser pop up its own login dialog).
 */
export async function request<T>(authorization: string | null, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (authorization) headers.Authorization = authorization;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url(path, options.query), {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'omit',
    cache: 'no-store',
    signal: options.signal,
  });
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('Content-Type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

export function basic(user: string, password: string): string {
  // btoa takes Latin-1 only: encode UTF-8 first so any user name or password works
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return `Basic ${btoa(binary)}`;
}

/** The calls the pages make, with a function that gives the current Authorization header. */
export class Api {
  /**
   * @param authorization the Authorization header for the next request
   * @param renew gets a new token at once (null when the session has ended)
   * @param onUnauthorized told of every other 401 (a revoked key ends the session)
   */
  constructor(
    private readonly authorization: () => Promise<string>,
    private readonly renew: () => Promise<unknown>,
    private readonly onUnauthorized: (e: ApiError) => void,
  ) {}

  async call<T>(path: string, options: RequestOptions = {}): Promise<T> {
    try {
      return await request<T>(await this.authorization(), path, options);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      if (e.code === 'token_expired' && (await this.renew().catch(() => null))) {
        // the token ran out in between (a machine that slept): once more with a fresh one
        return request<T>(await this.authorization(), path, options);
      }
      this.onUnauthorized(e);
      throw e;
    }
  }

  whoami = () => this.call<Whoami>('/auth/whoami');
  providers = () => this.call<Page<ProviderInfo>>('/providers', { query: { limit: 1000 } });
  clouds = (offset = 0, limit = 100) => this.call<Page<Cloud>>('/clouds', { query: { offset, limit } });
  experiments = (offset = 0, limit = 100) => this.call<Page<Experiment>>('/experiments', { query: { offset, limit } });
  experiment = (name: string) => this.call<ExperimentDetails>(`/experiments/${seg(name)}`);
  experimentInstances = (name: string, offset = 0, limit = 1000, tags: string[] = []) =>
    this.call<Page<Machine>>(`/experiments/${seg(name)}/instances`, { query: { offset, limit, tag: tags } });
  createExperiment = (name: string) => this.call<Experiment>('/experiments', { method: 'POST', body: { name } });
  destroyExperiment = (name: string) => this.call<Operation>(`/experiments/${seg(name)}`, { method: 'DELETE' });
  clusters = (offset = 0, limit = 100) => this.call<Page<Cluster>>('/clusters', { query: { offset, limit } });
  clusterNodes = (name: string, offset = 0, limit = 1000) =>
    this.call<Page<Machine>>(`/clusters/${seg(name)}/nodes`, { query: { offset, limit } });
  operations = (offset = 0, limit = 100) => this.call<Page<Operation>>('/operations', { query: { offset, limit } });
  cancelOperation = (id: string) => this.call<Operation>(`/operations/${seg(id)}/cancel`, { method: 'POST' });
}

/** Every item of a paged list (the API gives at most 1,000 a page). */
export async function all<T>(fetchPage: (offset: number, limit: number) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; ; ) {
    const page = await fetchPage(offset, 1000);
    items.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return items;
  }
}
