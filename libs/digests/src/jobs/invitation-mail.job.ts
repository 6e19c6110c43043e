/**
 * Payload of JobName.InvitationMail. The link holds the invitation token, which exists only in
 * the mail (the database keeps its hash): it is a capability that expires with the invitation,
 * not personal data, and completed jobs are removed from Redis.
 */
export interface InvitationMailJobData {
  invitationId: string;
  link: string;
}
