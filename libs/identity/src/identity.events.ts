/** Domain events this context publishes (after commit). Payloads carry ids, not personal data. */
export const IdentityEvents = {
  InvitationCreated: 'identity.invitation-created',
  UserJoined: 'identity.user-joined',
} as const;

export interface InvitationCreatedEvent {
  invitationId: string;
  /** The acceptance link; only in the event because it cannot be recomputed from the stored hash. */
  link: string;
}

export interface UserJoinedEvent {
  userId: string;
}
