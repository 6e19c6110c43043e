import { TestEnv } from './test-env';

/** Where the committed OpenAPI document lives; the web client's types are generated from it. */
export const OPENAPI_FILE = 'apps/web/src/api/openapi.json';

/** The document a freshly started API serves at /api/docs-json (own database, like every e2e test). */
export async function fetchOpenApiDocument(): Promise<unknown> {
  const env = await TestEnv.create();
  try {
    const api = await env.startApi();
    const response = await fetch(`${api.baseUrl}/api/docs-json`);
    if (!response.ok) throw new Error(`GET /api/docs-json answered ${response.status}`);
    return await response.json();
  } finally {
    await env.close();
  }
}

/** The committed text: two-space JSON, as Prettier leaves it. */
export function serialize(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
