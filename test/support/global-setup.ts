import { randomBytes } from 'node:crypto';

/** One id per `npm test` run: every database and Redis key prefix of the run carries it. */
export default function globalSetup(): void {
  process.env.AGORA_TEST_RUN = randomBytes(4).toString('hex');
  // Unit tests that read process.env (preflight) would otherwise generate var/jwt-secret in the checkout.
  process.env.JWT_SECRET = randomBytes(32).toString('hex');
}
