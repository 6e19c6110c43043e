import 'reflect-metadata';
import { preflight } from '@agora/platform';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const env = await preflight();
  const app = await createApiApp();
  await app.listen({ port: env.PORT, host: '0.0.0.0' });
}

void main();
