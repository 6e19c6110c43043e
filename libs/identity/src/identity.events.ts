/**
 * Domain events this context publishes (after commit). Payloads carry ids, not personal data.
 * InvitationCreated is not emitted in process: it is an outbox entry (OutboxEntry), committed
 * with the invitation and relayed by the worker, because the mail it leads to must not be lost.
 */
export const IdentityEvents = {
  InvitationCreated: 'identity.invitation-created',
  UserJoined: 'identity.user-joined',
} as const;

export interface InvitationCreatedEvent {
  invitationId: string;
}

export interface UserJoinedEvent {
  userId: string;
}
