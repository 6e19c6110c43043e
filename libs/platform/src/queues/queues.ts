/**
 * Every BullMQ queue and job name and every outbox topic, in one place.
 *
 * NEVER RENAME a value here: jobs already waiting in Redis carry these names, outbox rows carry
 * their topic, and a renamed queue, job or topic would strand them. Add new names instead, and
 * retire old ones after their queues (or the outbox) have drained.
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

export enum OutboxTopic {
  /** An invitation was created: its mail must go out. */
  InvitationCreated = 'identity.invitation-created',
  /** A new message mentions users other than its author: their mention mail. */
  MentionsCreated = 'discussions.mentions-created',
}

/** The queue of each job: a job on no queue, or on two, does not compile. */
export const JOB_QUEUE = {
  [JobName.DigestTick]: QueueName.Digests,
  [JobName.Digest]: QueueName.Digests,
  [JobName.MentionMail]: QueueName.Digests,
  [JobName.InvitationMail]: QueueName.Mail,
} as const satisfies Record<JobName, QueueName>;

/** The job names queue Q carries. */
export type JobsOf<Q extends QueueName> = { [N in JobName]: (typeof JOB_QUEUE)[N] extends Q ? N : never }[JobName];

/**
 * The payload of each job, keyed by its name. Declared by the lib that handles the job, beside
 * its handler, by declaration merging (`declare module '@agora/platform' { interface JobPayloads
 * { ... } }`): platform cannot import the libs above it. A name nobody declared has the payload
 * `never`, so it cannot be enqueued.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobPayloads {}

/** The payload of each outbox topic, declared (as JobPayloads) by the context that writes it. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface OutboxPayloads {}

export type JobData<N extends JobName> = N extends keyof JobPayloads ? JobPayloads[N] : never;
export type OutboxPayload<T extends OutboxTopic> = T extends keyof OutboxPayloads ? OutboxPayloads[T] : never;

/** BullMQ 6 refuses ':' in custom job ids; ids are built from these parts with '-'. */
export const jobId = (...parts: (string | number)[]): string => parts.join('-').replace(/:/g, '_');

/** The operators' queue dashboard (Bull Board), mounted by the api. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';
export const QUEUE_DASHBOARD_COOKIE = 'agora_queues';
export const QUEUE_DASHBOARD_PURPOSE = 'queue-dashboard';
