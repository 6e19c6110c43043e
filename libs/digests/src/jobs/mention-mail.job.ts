/** Payload of JobName.MentionMail: one user's mentions in one window of a few minutes. */
export interface MentionMailJobData {
  userId: string;
  windowKey: string;
  /** ISO instants of the window. */
  windowStart: string;
  windowEnd: string;
}
