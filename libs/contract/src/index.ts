/**
 * What the server and its clients share, with no server imports (no Nest, no MikroORM) so the
 * web client can import it: the live event maps, the problem shape and its codes, pages, value
 * lists and limits. The server implements these types; `contract.spec.ts` checks its lists agree.
 */
export * from './problem';
export * from './page';
export * from './values';
export * from './limits';
export * from './live';
