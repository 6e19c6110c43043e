/** Platform roles of a user. */
export const ROLES = ['admin', 'secretariat', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** The six thematic forums, in the network's order. */
export const FORUM_SLUGS = ['culture', 'economic-development', 'environment', 'knowledge-society', 'mobility', 'social-affairs'] as const;
export type ForumSlug = (typeof FORUM_SLUGS)[number];

export const GROUP_ROLES = ['lead', 'member'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

export const GROUP_VISIBILITIES = ['public', 'private'] as const;
export type GroupVisibility = (typeof GROUP_VISIBILITIES)[number];

export const MANDATE_ROLES = [
  'president',
  'executive-committee-member',
  'executive-committee-chair',
  'forum-chair',
  'forum-vice-chair',
  'working-group-lead',
] as const;
export type MandateRole = (typeof MANDATE_ROLES)[number];

export const DIGEST_FREQUENCIES = ['daily', 'weekly', 'off'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

export const DIGEST_LEVELS = ['every-update', 'daily', 'weekly', 'muted'] as const;
export type DigestLevel = (typeof DIGEST_LEVELS)[number];

/** The languages the interface and the digests are written in. */
export const LANGUAGES = ['en', 'it', 'de', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
