export * from './digest.content';
export { DigestPreference } from './digest-preference.entity';
export { DigestSubscription } from './digest-subscription.entity';
export { Digest } from './digest.entity';
export * from './digest.planner';
export { renderDigest, type DigestLinks, type RenderedDigest } from './digest.renderer';
export * from './digests.module';
export * from './periods';
