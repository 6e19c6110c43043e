import { OutboxTopic } from '@agora/platform';

/**
 * What this context tells the others. It publishes no in-process domain event; the one fact
 * another context acts on, a new invitation, is an outbox entry (OutboxEntry), committed with the
 * invitation and relayed by the worker, because the mail it leads to must not be lost.
 */
export interface InvitationCreatedEvent {
  invitationId: string;
}

declare module '@agora/platform' {
  interface OutboxPayloads {
    [OutboxTopic.InvitationCreated]: InvitationCreatedEvent;
  }
}
