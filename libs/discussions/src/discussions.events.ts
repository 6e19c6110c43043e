import type { MessageView } from './dto/discussions.dto';

/** Domain events this context publishes, after the change is committed. */
export const DiscussionsEvents = {
  MessageCreated: 'discussions.message-created',
  MessageUpdated: 'discussions.message-updated',
  MessageDeleted: 'discussions.message-deleted',
} as const;

/** Carries the stored message so the live gateway can broadcast it without reading it again. */
export interface MessageEvent {
  message: MessageView;
  /** Users @mentioned in it (created and updated only). */
  mentionedUserIds: string[];
}

/**
 * Outbox topics of this context: written in the statement that stores the message, relayed to
 * the queues by the worker (OutboxEntry), for what must not be lost with the process.
 */
export const DiscussionsOutbox = {
  /** A new message mentions users other than its author (their mention mail). */
  MentionsCreated: 'discussions.mentions-created',
} as const;

export interface MentionsCreatedRecord {
  messageId: string;
  /** When the message was stored (ISO): the mention mail's window is the one it falls in. */
  createdAt: string;
  /** The mentioned users, the author left out. */
  userIds: string[];
}
