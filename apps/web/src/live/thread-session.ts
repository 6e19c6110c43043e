/**
 * One open thread on the tab's socket: joins its room (and rejoins after every reconnection
 * with `afterSeq` = the last seq held), feeds the pure store with broadcasts, acks and catch-up
 * pages, fetches gaps, and sends the user's messages from an outbox that survives a dropped
 * connection. React reads it through `useThread` (hooks.ts).
 */
import type { Ack, AckError, LiveMessage, Person } from '@agora/contract';
import { api } from '../api/client';
import type { LiveSocket } from './socket';
import { discard, emptyThread, enqueue, gapAfter, markOutbox, prepend, receive, update, type ThreadState } from './thread-store';

/** Messages per catch-up or "earlier" page (the API's maximum). */
const PAGE = 100;
/** The newest messages shown when a thread opens; earlier ones load on request. */
export const OPENING_WINDOW = 50;
const SEND_TIMEOUT_MS = 10_000;
/** "X is typing" fades this long after the last signal (the server relays one every 2 s at most). */
const TYPING_SHOWN_MS = 5_000;

export interface ThreadSnapshot {
  store: ThreadState;
  presence: Person[];
  typing: Person[];
  /** The socket is connected and the browser online: a send goes out now rather than queueing. */
  live: boolean;
  loadingEarlier: boolean;
}

const unavailable = (detail: string): AckError => ({ status: 0, title: 'Unavailable', detail, code: 'unavailable' });

export class ThreadSession {
  private snapshot: ThreadSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly arrivalListeners = new Set<(message: LiveMessage) => void>();
  private readonly typingUntil = new Map<string, { person: Person; until: number }>();
  private readonly attempts = new Map<string, number>();
  private readonly cleanups: (() => void)[] = [];
  private fetchingGap = false;
  private closed = false;

  constructor(
    private readonly socket: LiveSocket,
    private readonly threadId: string,
    private readonly self: Person,
    newestSeq: number,
  ) {
    const store = emptyThread(Math.max(0, newestSeq - OPENING_WINDOW));
    this.snapshot = { store, presence: [], typing: [], live: false, loadingEarlier: false };
  }

  open(): void {
    const socket = this.socket;
    const join = () => void this.join();
    const disconnected = () => this.connectionChanged();
    const arrived = (message: LiveMessage) => this.arrived(message);
    const changed = (message: LiveMessage) => this.changed(message);
    const typed = ({ threadId, user }: { threadId: string; user: Person }) => this.typed(threadId, user);
    const present = ({ threadId, users }: { threadId: string; users: Person[] }) => {
      if (threadId === this.threadId) this.set({ presence: users });
    };
    socket.on('connect', join).on('disconnect', disconnected).on('message:new', arrived).on('message:updated', changed);
    socket.on('message:deleted', changed).on('typing', typed).on('presence', present);
    this.cleanups.push(() => {
      socket.off('connect', join).off('disconnect', disconnected).off('message:new', arrived).off('message:updated', changed);
      socket.off('message:deleted', changed).off('typing', typed).off('presence', present);
    });
    const wake = () => {
      this.connectionChanged();
      void this.catchUp();
    };
    const visible = () => document.visibilityState === 'visible' && wake();
    window.addEventListener('online', wake);
    window.addEventListener('offline', wake);
    document.addEventListener('visibilitychange', visible);
    this.cleanups.push(() => {
      window.removeEventListener('online', wake);
      window.removeEventListener('offline', wake);
      document.removeEventListener('visibilitychange', visible);
    });
    const fade = setInterval(() => this.fadeTyping(), 1_000);
    this.cleanups.push(() => clearInterval(fade));
    if (this.socket.connected) void this.join();
    else this.socket.connect();
  }

  close(): void {
    this.closed = true;
    this.cleanups.splice(0).forEach((cleanup) => cleanup());
    if (this.socket.connected) this.socket.emit('thread:leave', { threadId: this.threadId }, () => undefined);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ThreadSnapshot => this.snapshot;

  /** New messages by others as they arrive live (not history, not catch-up): what a screen reader announces. */
  onArrival(listener: (message: LiveMessage) => void): () => void {
    this.arrivalListeners.add(listener);
    return () => this.arrivalListeners.delete(listener);
  }

  /** Shows the message at once and sends it, or queues it until the connection is back. */
  send(body: string, clientMsgId: string = crypto.randomUUID()): void {
    const pending = { clientMsgId, threadId: this.threadId, body, author: this.self, createdAt: new Date().toISOString() };
    const before = this.snapshot.store;
    const store = enqueue(before, pending, this.isLive() ? 'sending' : 'queued');
    if (store === before) return;
    this.set({ store });
    if (this.isLive()) void this.transmit(clientMsgId);
  }

  retry(clientMsgId: string): void {
    this.set({ store: markOutbox(this.snapshot.store, clientMsgId, this.isLive() ? 'sending' : 'queued') });
    if (this.isLive()) void this.transmit(clientMsgId);
  }

  discard(clientMsgId: string): void {
    this.set({ store: discard(this.snapshot.store, clientMsgId) });
  }

  /** Edits over HTTP; the answer (and the broadcast) update the message in place. Resolves with the problem on failure. */
  async edit(messageId: string, body: string): Promise<unknown> {
    const { data, error } = await api.PATCH('/api/messages/{id}', { params: { path: { id: messageId } }, body: { body } });
    if (data) this.changed(data);
    return data ? null : (error ?? unavailable('no answer'));
  }

  async remove(messageId: string): Promise<unknown> {
    const { data, error } = await api.DELETE('/api/messages/{id}', { params: { path: { id: messageId } } });
    if (data) this.changed(data);
    return data ? null : (error ?? unavailable('no answer'));
  }

  /** Stores the read position (the server keeps the highest). */
  markRead(seq: number): void {
    if (this.isLive()) this.socket.emit('thread:read', { threadId: this.threadId, seq }, () => undefined);
    else void api.PUT('/api/threads/{id}/read', { params: { path: { id: this.threadId } }, body: { seq } });
  }

  typing(): void {
    if (this.isLive()) this.socket.emit('typing', { threadId: this.threadId }, () => undefined);
  }

  /** The page of messages before the oldest one held. */
  async loadEarlier(): Promise<void> {
    const { store, loadingEarlier } = this.snapshot;
    if (store.complete || loadingEarlier) return;
    const first = store.messages[0]?.seq ?? store.lastSeq + 1;
    this.set({ loadingEarlier: true });
    try {
      const older = await this.fetchAfter(Math.max(0, first - 1 - PAGE), Math.min(PAGE, first - 1));
      this.set({ store: prepend(this.snapshot.store, older.items) });
    } finally {
      this.set({ loadingEarlier: false });
    }
  }

  private isLive(): boolean {
    return this.socket.connected && navigator.onLine !== false;
  }

  private async join(): Promise<void> {
    this.connectionChanged();
    const ack = await (
      this.socket
        .timeout(SEND_TIMEOUT_MS)
        .emitWithAck('thread:join', { threadId: this.threadId, afterSeq: this.snapshot.store.lastSeq }) as Promise<
        Ack<{ messages: LiveMessage[]; hasMore: boolean }>
      >
    ).catch(() => null);
    if (this.closed || !ack?.ok) return;
    this.take(ack.messages);
    if (ack.hasMore) await this.catchUp();
    this.flush();
  }

  /** Everything after the last seq held, over HTTP, a page at a time (after a reconnect, a wake-up, a gap). */
  private async catchUp(): Promise<void> {
    for (let more = true; more && !this.closed;) {
      const page = await this.fetchAfter(this.snapshot.store.lastSeq, PAGE).catch(() => null);
      if (!page) return;
      this.take(page.items);
      more = page.hasMore;
    }
    if (this.isLive()) this.flush();
  }

  private async fetchAfter(afterSeq: number, limit: number): Promise<{ items: LiveMessage[]; hasMore: boolean }> {
    const { data, error } = await api.GET('/api/threads/{id}/messages', {
      params: { path: { id: this.threadId }, query: { afterSeq, limit: Math.max(1, limit) } },
    });
    if (!data) throw Object.assign(new Error('messages not loaded'), { problem: error });
    return { items: data.items, hasMore: data.nextCursor !== null };
  }

  /** Sends what waited for the connection, oldest first. */
  private flush(): void {
    for (const message of this.snapshot.store.outbox) if (message.status === 'queued') this.retry(message.clientMsgId);
  }

  private async transmit(clientMsgId: string): Promise<void> {
    const pending = this.snapshot.store.outbox.find((message) => message.clientMsgId === clientMsgId);
    if (!pending) return;
    const attempt = (this.attempts.get(clientMsgId) ?? 0) + 1;
    this.attempts.set(clientMsgId, attempt);
    const ack = await (
      this.socket
        .timeout(SEND_TIMEOUT_MS)
        .emitWithAck('message:send', { threadId: this.threadId, body: pending.body, clientMsgId }) as Promise<Ack<{ message: LiveMessage }>>
    ).catch((): Ack<{ message: LiveMessage }> => ({ ok: false, error: unavailable('no acknowledgement') }));
    if (this.attempts.get(clientMsgId) !== attempt) return; // a later attempt owns the outcome
    if (ack.ok) this.take([ack.message]);
    else this.set({ store: markOutbox(this.snapshot.store, clientMsgId, 'failed', ack.error) });
  }

  private arrived(message: LiveMessage): void {
    if (message.threadId !== this.threadId) return;
    const before = this.snapshot.store.lastSeq;
    this.take([message]);
    this.clearTyping(message.author.id);
    if (message.seq > before && message.author.id !== this.self.id) this.arrivalListeners.forEach((listener) => listener(message));
  }

  private changed(message: LiveMessage): void {
    if (message.threadId === this.threadId) this.set({ store: update(this.snapshot.store, message) });
  }

  private take(messages: LiveMessage[]): void {
    this.set({ store: receive(this.snapshot.store, messages) });
    if (gapAfter(this.snapshot.store) !== null && !this.fetchingGap) {
      this.fetchingGap = true;
      void this.catchUp().finally(() => {
        this.fetchingGap = false;
      });
    }
  }

  private typed(threadId: string, user: Person): void {
    if (threadId !== this.threadId || user.id === this.self.id) return;
    this.typingUntil.set(user.id, { person: user, until: Date.now() + TYPING_SHOWN_MS });
    this.set({ typing: [...this.typingUntil.values()].map((entry) => entry.person) });
  }

  private clearTyping(userId: string): void {
    if (this.typingUntil.delete(userId)) this.set({ typing: [...this.typingUntil.values()].map((entry) => entry.person) });
  }

  private fadeTyping(): void {
    const now = Date.now();
    for (const [id, entry] of this.typingUntil) if (entry.until <= now) this.clearTyping(id);
  }

  /** Going offline, what was on its way waits for the connection (resent then, under the same clientMsgId). */
  private connectionChanged(): void {
    const live = this.isLive();
    if (this.snapshot.live === live) return;
    let store = this.snapshot.store;
    if (!live)
      for (const message of store.outbox.filter((pending) => pending.status === 'sending')) {
        this.attempts.set(message.clientMsgId, (this.attempts.get(message.clientMsgId) ?? 0) + 1);
        store = markOutbox(store, message.clientMsgId, 'queued');
      }
    this.set({ live, store });
  }

  private set(patch: Partial<ThreadSnapshot>): void {
    if (this.closed) return;
    this.snapshot = { ...this.snapshot, ...patch };
    this.listeners.forEach((listener) => listener());
  }
}
