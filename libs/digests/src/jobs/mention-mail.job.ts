import { JobName } from '@agora/platform';

/** Payload of JobName.MentionMail: one user's mentions in one window of a few minutes. */
export interface MentionMailJobData {
  userId: string;
  windowKey: string;
  /** ISO instants of the window. */
  windowStart: string;
  windowEnd: string;
}

declare module '@agora/platform' {
  interface JobPayloads {
    [JobName.MentionMail]: MentionMailJobData;
  }
}
