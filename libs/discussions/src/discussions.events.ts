import { OutboxTopic } from '@agora/platform';
import type { MessageView } from './dto/discussions.dto';

/** Domain events this context publishes, after the change is committed. */
export const DiscussionsEvents = {
  MessageCreated: 'discussions.message-created',
  MessageUpdated: 'discussions.message-updated',
  MessageDeleted: 'discussions.message-deleted',
  ReadMoved: 'discussions.read-moved',
} as const;

/** Carries the stored message so the live gateway can broadcast it without reading it again. */
export interface MessageEvent {
  message: MessageView;
}

/**
 * Written to the outbox (OutboxTopic.MentionsCreated) in the statement that stores the message,
 * and relayed to the queues by the worker: the mention mail must not be lost with the process.
 */
export interface MentionsCreatedRecord {
  messageId: string;
  /** When the message was stored (ISO): the mention mail's window is the one it falls in. */
  createdAt: string;
  /** The mentioned users, the author left out. */
  userIds: string[];
}

declare module '@agora/platform' {
  interface DomainEvents {
    [DiscussionsEvents.MessageCreated]: MessageEvent;
    [DiscussionsEvents.MessageUpdated]: MessageEvent;
    [DiscussionsEvents.MessageDeleted]: MessageEvent;
    [DiscussionsEvents.ReadMoved]: ReadMovedEvent;
  }
  interface OutboxPayloads {
    [OutboxTopic.MentionsCreated]: MentionsCreatedRecord;
  }
}

/** A user's read position in a thread was stored (it may not have moved: it never goes backwards). */
export interface ReadMovedEvent {
  userId: string;
  threadId: string;
  seq: number;
}
