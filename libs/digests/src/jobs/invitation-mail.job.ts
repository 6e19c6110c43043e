import { JobName } from '@agora/platform';

/**
 * Payload of JobName.InvitationMail: the invitation's id, nothing else. The link holds a token
 * that makes its holder a user of the invited role, so it never sits in Redis (where the queue
 * dashboard shows job data): the handler derives it again from the database when it sends.
 * Jobs queued before that carried `link`; it is read only for invitations without a salt.
 */
export interface InvitationMailJobData {
  invitationId: string;
  /** Only in jobs queued before tokens were derived. */
  link?: string;
}

declare module '@agora/platform' {
  interface JobPayloads {
    [JobName.InvitationMail]: InvitationMailJobData;
  }
}
