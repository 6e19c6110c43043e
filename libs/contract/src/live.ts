/**
 * The socket.io contract of namespace `/live`, shared by the gateway, the tests and the web
 * client: one map per direction, so a misspelt event or a wrong payload fails to compile.
 */
import type { FieldError, ProblemCode } from './problem';

export const LIVE_NAMESPACE = '/live';

export interface CityRef {
  slug: string;
  name: string;
}

/** A user as others see them: no e-mail, no role. */
export interface Person {
  id: string;
  name: string;
  city: CityRef | null;
}

export interface LiveMessage {
  id: string;
  threadId: string;
  seq: number;
  clientMsgId: string;
  author: Person;
  /** markdown; empty once deleted */
  body: string;
  /** sanitized HTML of the body */
  html: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

export interface AckError {
  status: number;
  title: string;
  detail: string;
  code?: ProblemCode;
  errors?: FieldError[];
}

/** Every client request is acknowledged: `{ ok: true, ... }` or `{ ok: false, error }` with an HTTP-like status. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: AckError };
type Reply<T extends object = object> = (response: Ack<T>) => void;

export interface ClientToServerEvents {
  'thread:join': (payload: { threadId: string; afterSeq?: number }, ack: Reply<{ messages: LiveMessage[]; hasMore: boolean }>) => void;
  'thread:leave': (payload: { threadId: string }, ack: Reply) => void;
  'message:send': (payload: { threadId: string; body: string; clientMsgId: string }, ack: Reply<{ message: LiveMessage }>) => void;
  'message:edit': (payload: { messageId: string; body: string }, ack: Reply<{ message: LiveMessage }>) => void;
  'message:delete': (payload: { messageId: string }, ack: Reply<{ message: LiveMessage }>) => void;
  typing: (payload: { threadId: string }, ack: Reply) => void;
  'thread:read': (payload: { threadId: string; seq: number }, ack: Reply<{ seq: number }>) => void;
}

export interface ServerToClientEvents {
  'message:new': (message: LiveMessage) => void;
  'message:updated': (message: LiveMessage) => void;
  'message:deleted': (message: LiveMessage) => void;
  typing: (payload: { threadId: string; user: Person }) => void;
  presence: (payload: { threadId: string; users: Person[] }) => void;
  /**
   * To the user's own room (every tab of theirs): their unread count of this thread may have
   * changed (a message was committed or deleted there, or they read it in another tab). A hint:
   * the client reads the counts again from `GET /api/me/unread`.
   */
  'unread:changed': (payload: UnreadChanged) => void;
}

export interface UnreadChanged {
  threadId: string;
  /** `message`: something was posted or deleted; `read`: the user's read position moved. */
  reason: 'message' | 'read';
}

/** The room of a thread's live audience. */
export const threadRoom = (threadId: string) => `thread:${threadId}`;
/** Every socket of one user, on any instance (to drop them when their access ends). */
export const userRoom = (userId: string) => `user:${userId}`;

/**
 * Client-side ordering: messages sent through different api instances can arrive out of seq
 * order (each instance publishes after its own commit). A feed releases them strictly by seq
 * and tells which seqs it is waiting for, so a client can fetch a gap with `afterSeq`.
 */
export class ThreadFeed<M extends { seq: number } = LiveMessage> {
  private readonly held = new Map<number, M>();

  constructor(
    private lastSeq: number,
    private readonly deliver: (message: M) => void,
  ) {}

  push(message: M): void {
    if (message.seq <= this.lastSeq || this.held.has(message.seq)) return; // a duplicate
    this.held.set(message.seq, message);
    for (let next = this.held.get(this.lastSeq + 1); next; next = this.held.get(this.lastSeq + 1)) {
      this.held.delete(next.seq);
      this.lastSeq = next.seq;
      this.deliver(next);
    }
  }

  /** The seq after which messages are missing, or null when nothing is held back. */
  get waitingAfter(): number | null {
    return this.held.size ? this.lastSeq : null;
  }
}
