/** Domain events this context publishes (after commit). */
export const ForumsEvents = {
  MemberLeft: 'forums.member-left',
} as const;

/** A user is no longer an active member (left, removed, or request declined). */
export interface MemberLeftEvent {
  workingGroupId: string;
  userId: string;
}

declare module '@agora/platform' {
  interface DomainEvents {
    [ForumsEvents.MemberLeft]: MemberLeftEvent;
  }
}
