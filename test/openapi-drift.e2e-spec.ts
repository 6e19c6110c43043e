import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fetchOpenApiDocument, OPENAPI_FILE, serialize } from './support/openapi-document';

/**
 * The web client's types are generated from the committed document, so it must be what the API
 * serves. `npm run openapi:export` runs this file with OPENAPI_WRITE=1 to rewrite it.
 */
describe('the committed OpenAPI document', () => {
  it("is the running API's /api/docs-json (else run npm run openapi:export)", async () => {
    const served = await fetchOpenApiDocument();
    if (process.env.OPENAPI_WRITE === '1') writeFileSync(OPENAPI_FILE, serialize(served));
    expect(existsSync(OPENAPI_FILE)).toBe(true);
    expect(served).toEqual(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')));
  });
});
