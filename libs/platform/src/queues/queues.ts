/**
 * Every BullMQ queue and job name, in one place.
 *
 * NEVER RENAME a value here: jobs already waiting in Redis carry these names, and a renamed
 * queue or job would strand them. Add new names instead, and retire old ones after their
 * queues have drained.
 */
export enum QueueName {
  Digests = 'digests',
  Mail = 'mail',
}

export enum JobName {
  /** Finds the users whose digest time has come and enqueues one DigestJob each. */
  DigestTick = 'digest-tick',
  /** Composes, records and sends one user's digest for one period. */
  Digest = 'digest',
  /** Sends an invitation mail. */
  InvitationMail = 'invitation-mail',
  /** Sends one user the mentions of a few minutes in one mail. */
  MentionMail = 'mention-mail',
}

/** BullMQ 6 refuses ':' in custom job ids; ids are built from these parts with '-'. */
export const jobId = (...parts: (string | number)[]): string => parts.join('-').replace(/:/g, '_');

/** The operators' queue dashboard (Bull Board), mounted by the api. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';
export const QUEUE_DASHBOARD_COOKIE = 'agora_queues';
export const QUEUE_DASHBOARD_PURPOSE = 'queue-dashboard';
