export const DEV_PASSWORD = 'agora-dev-password';

export const SEEDED = {
  admin: 'admin@agora.test',
  secretariat: 'secretariat@agora.test',
  bologna: 'officer.bologna@agora.test',
  leipzig: 'officer.leipzig@agora.test',
} as const;

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A thin HTTP client over fetch for the e2e tests: JSON in, parsed JSON (or text) out. */
export class ApiClient {
  private readonly tokens = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; rawBody?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody;
      headers['content-type'] = 'application/json';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if (/json/.test(response.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get = <T = any>(path: string, token?: string) => this.request<T>('GET', path, { token });
  post = <T = any>(path: string, body?: unknown, token?: string) => this.request<T>('POST', path, { body, token });
  put = <T = any>(path: string, body?: unknown, token?: string) => this.request<T>('PUT', path, { body, token });
  patch = <T = any>(path: string, body?: unknown, token?: string) => this.request<T>('PATCH', path, { body, token });
  delete = <T = any>(path: string, token?: string) => this.request<T>('DELETE', path, { token });

  /** Signs in (once per e-mail and client) and returns the access token. */
  async tokenFor(email: string, password = DEV_PASSWORD): Promise<string> {
    const cached = this.tokens.get(email);
    if (cached) return cached;
    const response = await this.post('/api/auth/login', { email, password });
    if (response.status !== 200) throw new Error(`sign-in of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
    this.tokens.set(email, response.body.accessToken);
    return response.body.accessToken as string;
  }
}
