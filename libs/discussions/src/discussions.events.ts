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
  /** Users @mentioned in it (created and updated only). */
  mentionedUserIds: string[];
}

/** A user's read position in a thread was stored (it may not have moved: it never goes backwards). */
export interface ReadMovedEvent {
  userId: string;
  threadId: string;
  seq: number;
}
