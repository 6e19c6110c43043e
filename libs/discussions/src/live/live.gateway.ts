import { Logger, OnModuleDestroy, UnauthorizedException } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import type { Namespace, Socket } from 'socket.io';
import {
  AccessTokensService,
  AuthUser,
  OnDomainEvent,
  ProblemFilter,
  RecoveredSession,
  validatePayload,
  vetRecoveredSessions,
} from '@agora/platform';
import { PersonView, toPerson, UsersService } from '@agora/identity';
import { ForumsEvents, MemberLeftEvent } from '@agora/forums';
import { DiscussionsEvents, MessageEvent, ReadMovedEvent } from '../discussions.events';
import { MessagesService } from '../messages.service';
import { ThreadAccessService } from '../thread-access.service';
import { UnreadService } from '../unread.service';
import { Ack, AckError, ClientToServerEvents, LIVE_NAMESPACE, ServerToClientEvents, threadRoom, userRoom } from './live.events';
import { EditMessagePayload, JoinThreadPayload, MessagePayload, ReadPayload, SendMessagePayload, ThreadPayload } from './live.payloads';
import { SocketRateLimiter } from './socket-rate-limiter';

interface SocketData {
  user: AuthUser;
  person: PersonView;
  /** When the access token of the handshake expires (ms since epoch). */
  expiresAt: number;
}
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** How many messages `thread:join` returns at most; `hasMore` tells the client to page over HTTP. */
const CATCH_UP_LIMIT = 100;
/** A typing signal is relayed at most this often per socket and thread. */
const TYPING_INTERVAL_MS = 2_000;
/** Joins and leaves within this window make one presence announcement. */
const PRESENCE_DEBOUNCE_MS = 250;
/** How often each instance re-checks presence, so that sockets of a dead instance drop out. */
const PRESENCE_SWEEP_MS = 10_000;

/**
 * The live side of discussions. Every request runs the same services and policies as REST;
 * every change is broadcast only after it is committed (from the domain events), so a message
 * posted over HTTP, or on another instance, reaches the thread's room the same way.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway
  implements OnGatewayInit<LiveNamespace>, OnGatewayConnection<LiveSocket>, OnGatewayDisconnect<LiveSocket>, OnModuleDestroy
{
  @WebSocketServer() private readonly server!: LiveNamespace;

  private readonly logger = new Logger(LiveGateway.name);
  private readonly limiter = new SocketRateLimiter(10, 30);
  private readonly problems = new ProblemFilter();
  private readonly expiry = new Map<string, NodeJS.Timeout>();
  private readonly lastTyping = new Map<string, number>();
  private readonly presenceShown = new Map<string, string>();
  private readonly presenceDue = new Map<string, NodeJS.Timeout>();
  private sweep?: NodeJS.Timeout;

  constructor(
    private readonly orm: MikroORM,
    private readonly tokens: AccessTokensService,
    private readonly users: UsersService,
    private readonly threadAccess: ThreadAccessService,
    private readonly messages: MessagesService,
    private readonly unread: UnreadService,
  ) {}

  afterInit(namespace: LiveNamespace): void {
    namespace.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: unknown) => next(Object.assign(new Error('unauthorized'), { data: this.toAckError(error) })),
      );
    });
    vetRecoveredSessions(namespace, (session) => this.mayRestore(session));
    this.sweep = setInterval(() => void this.sweepPresence(), PRESENCE_SWEEP_MS);
    this.sweep.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweep);
    this.presenceDue.forEach((timer) => clearTimeout(timer));
    this.expiry.forEach((timer) => clearTimeout(timer));
  }

  handleConnection(socket: LiveSocket): void {
    void socket.join(userRoom(socket.data.user.id));
    // The socket lives as long as its access token: the client reconnects with a fresh one.
    this.expiry.set(
      socket.id,
      setTimeout(() => socket.disconnect(true), Math.max(0, socket.data.expiresAt - Date.now())),
    );
    socket.on('disconnecting', () => {
      const threads = threadsOf(socket.rooms);
      setImmediate(() => threads.forEach((threadId) => this.schedulePresence(threadId)));
    });
  }

  handleDisconnect(socket: LiveSocket): void {
    clearTimeout(this.expiry.get(socket.id));
    this.expiry.delete(socket.id);
    for (const key of this.lastTyping.keys()) if (key.startsWith(`${socket.id}:`)) this.lastTyping.delete(key);
  }

  /** Joins the thread's room, then returns what the client missed: joining first means nothing falls in between. */
  @SubscribeMessage('thread:join')
  join(@ConnectedSocket() socket: LiveSocket, @MessageBody() raw: unknown) {
    return this.handle(socket, JoinThreadPayload, raw, async ({ threadId, afterSeq }, user) => {
      await this.threadAccess.resolve(user, threadId);
      await socket.join(threadRoom(threadId));
      const { items, hasMore } = await this.messages.list(user, threadId, { afterSeq: afterSeq ?? 0, limit: CATCH_UP_LIMIT });
      this.schedulePresence(threadId);
      return { messages: items, hasMore };
    });
  }

  @SubscribeMessage('thread:leave')
  leave(@ConnectedSocket() socket: LiveSocket, @MessageBody() raw: unknown) {
    return this.handle(socket, ThreadPayload, raw, async ({ threadId }) => {
      await socket.leave(threadRoom(threadId));
      this.schedulePresence(threadId);
      return {};
    });
  }

  @SubscribeMessage('message:send')
  send(@ConnectedSocket() socket: LiveSocket, @MessageBody() raw: unknown) {
    return this.handle(socket, SendMessagePayload, raw, async ({ threadId, body, clientMsgId }, user) => ({
      message: (await this.messages.send(user, threadId, { body, clientMsgId }, socket.data.person)).message,
    }));
  }

  @SubscribeMessage('message:edit')
  edit(@ConnectedSocket() socket: LiveSocket, @MessageBody() raw: unknown) {
    return this.handle(socket, EditMessagePayload, raw, async ({ messageId, body }, user) => ({
      message: await this.messages.edit(user, messageId, body),
    }));
  }

  @SubscribeMessage('message:delete')
  remove(@ConnectedSocket() socket: LiveSocket, @MessageBody() raw: unknown) {
    return this.handle(socket, MessagePayload, raw, async ({ messageId }, user) => ({
      message: await this.messages.remove(user, messageId),
    }));
  }

  /** Ephemeral: relayed to the others in the room, at most every TYPING_INTERVAL_MS; never stored. */
  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: LiveSocket, @MessageBody() raw: unknown) {
    return this.handle(socket, ThreadPayload, raw, ({ threadId }) => {
      if (!socket.rooms.has(threadRoom(threadId))) return Promise.reject(new ConflictInRoom());
      const key = `${socket.id}:${threadId}`;
      const now = Date.now();
      if (now - (this.lastTyping.get(key) ?? 0) >= TYPING_INTERVAL_MS) {
        this.lastTyping.set(key, now);
        socket.to(threadRoom(threadId)).emit('typing', { threadId, user: socket.data.person });
      }
      return Promise.resolve({});
    });
  }

  @SubscribeMessage('thread:read')
  read(@ConnectedSocket() socket: LiveSocket, @MessageBody() raw: unknown) {
    return this.handle(socket, ReadPayload, raw, async ({ threadId, seq }, user) => ({
      seq: await this.messages.markRead(user, threadId, seq),
    }));
  }

  @OnDomainEvent(DiscussionsEvents.MessageCreated)
  onCreated({ message }: MessageEvent): void {
    this.server.to(threadRoom(message.threadId)).emit('message:new', message);
    void this.announceUnread(message.threadId, message.author.id);
  }

  @OnDomainEvent(DiscussionsEvents.MessageUpdated)
  onUpdated({ message }: MessageEvent): void {
    this.server.to(threadRoom(message.threadId)).emit('message:updated', message);
  }

  @OnDomainEvent(DiscussionsEvents.MessageDeleted)
  onDeleted({ message }: MessageEvent): void {
    this.server.to(threadRoom(message.threadId)).emit('message:deleted', message);
    void this.announceUnread(message.threadId, null);
  }

  /** Every tab of the reader (on any instance) updates its badges; the counts themselves come from `GET /api/me/unread`. */
  @OnDomainEvent(DiscussionsEvents.ReadMoved)
  onReadMoved({ userId, threadId }: ReadMovedEvent): void {
    this.server.to(userRoom(userId)).emit('unread:changed', { threadId, reason: 'read' });
  }

  /** Whoever leaves a group (or is removed) loses its threads at once: their sockets, on every instance, are dropped. */
  @OnDomainEvent(ForumsEvents.MemberLeft)
  onMemberLeft({ userId }: MemberLeftEvent): void {
    this.server.in(userRoom(userId)).disconnectSockets(true);
  }

  /** Tells the thread's audience (not its author: their own messages are never unread) that their counts moved. */
  private async announceUnread(threadId: string, authorId: string | null): Promise<void> {
    try {
      const audience = await RequestContext.create(this.orm.em, () => this.unread.audienceOf(threadId));
      const rooms = audience.filter((userId) => userId !== authorId).map(userRoom);
      if (rooms.length) this.server.to(rooms).emit('unread:changed', { threadId, reason: 'message' });
    } catch (error) {
      // The badges then catch up on their next poll: a hint lost is not a message lost.
      this.logger.warn(`unread:changed for thread ${threadId} not sent: ${(error as Error).message}`);
    }
  }

  /** Every handshake, a recovered one too, is authenticated by the token it brings now. */
  private async authenticate(socket: LiveSocket): Promise<void> {
    const token: unknown = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const { expiresAt, ...user } = this.tokens.verify(typeof token === 'string' ? token : '');
    // Its rooms were checked for the user (and role) it belonged to; nobody else may take it over.
    const restored = socket.recovered ? socket.data.user : undefined;
    if (restored && (restored.id !== user.id || restored.role !== user.role)) {
      throw new UnauthorizedException('This connection was opened by another user');
    }
    const person = await RequestContext.create(this.orm.em, async () => toPerson(await this.users.get(user.id)));
    socket.data = { user, person, expiresAt };
  }

  /**
   * Connection state recovery would give a socket back its thread rooms, and the messages missed
   * in them, without asking anyone. A session is restored only while the token it was opened with
   * is valid and its user may still see every thread it was in (the policy of `thread:join`);
   * otherwise the client starts afresh and rejoins with `afterSeq`, where each thread is checked.
   */
  private async mayRestore({ data, rooms }: RecoveredSession): Promise<boolean> {
    const { user, expiresAt } = (data ?? {}) as Partial<SocketData>;
    if (!user || !expiresAt || expiresAt <= Date.now()) return false;
    await RequestContext.create(this.orm.em, async () => {
      for (const threadId of threadsOf(rooms)) await this.threadAccess.resolve(user, threadId);
    });
    return true;
  }

  /** Rate limit, validate, run in its own ORM context, and turn any failure into an error ack. */
  private async handle<P extends object, R extends object>(
    socket: LiveSocket,
    type: new () => P,
    raw: unknown,
    work: (payload: P, user: AuthUser) => Promise<R>,
  ): Promise<Ack<R>> {
    if (!this.limiter.take(socket)) {
      return { ok: false, error: { status: 429, title: 'Too Many Requests', detail: 'Too many events from this connection, slow down' } };
    }
    try {
      const payload = validatePayload(type, raw);
      const result = await RequestContext.create(this.orm.em, () => work(payload, socket.data.user));
      return { ok: true, ...result };
    } catch (error) {
      return { ok: false, error: this.toAckError(error) };
    }
  }

  private toAckError(error: unknown): AckError {
    if (error instanceof ConflictInRoom) return { status: 409, title: 'Conflict', detail: error.message, code: 'conflict' };
    const { status, title, detail, code, errors } = this.problems.toProblem(error);
    if (status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    return { status, title, detail, code, ...(errors ? { errors } : {}) };
  }

  /**
   * Presence is announced at most every PRESENCE_DEBOUNCE_MS per thread: a burst of joins (a
   * reconnect storm after an instance restart) costs one cross-instance query, not one per socket.
   */
  private schedulePresence(threadId: string): void {
    if (this.presenceDue.has(threadId)) return;
    const timer = setTimeout(() => {
      this.presenceDue.delete(threadId);
      void this.announcePresence(threadId);
    }, PRESENCE_DEBOUNCE_MS);
    timer.unref();
    this.presenceDue.set(threadId, timer);
  }

  /** Who is in a thread now, across every instance (the adapter asks them all). */
  private async announcePresence(threadId: string): Promise<void> {
    const users = await this.presentIn(threadId);
    if (users) this.emitPresence(threadId, users);
  }

  /** Announces only the rooms whose audience changed since the last announcement (an instance died, say). */
  private async sweepPresence(): Promise<void> {
    for (const threadId of threadsOf(this.server.adapter.rooms.keys())) {
      const before = this.presenceShown.get(threadId);
      const users = await this.presentIn(threadId);
      if (users && before !== undefined && before !== signature(users)) this.emitPresence(threadId, users);
    }
  }

  /** The people in a thread on every instance, by name; null when an instance did not answer in time. */
  private async presentIn(threadId: string): Promise<PersonView[] | null> {
    try {
      const sockets = await this.server.in(threadRoom(threadId)).fetchSockets();
      return [...new Map(sockets.map((socket) => [socket.data.person.id, socket.data.person])).values()].sort((a, b) =>
        a.name.localeCompare(b.name),
      );
    } catch (error) {
      this.logger.warn(`presence of thread ${threadId} not known: ${(error as Error).message}`);
      return null;
    }
  }

  private emitPresence(threadId: string, users: PersonView[]): void {
    this.presenceShown.set(threadId, signature(users));
    this.server.to(threadRoom(threadId)).emit('presence', { threadId, users });
  }
}

/** The threads whose rooms are among these. */
const threadsOf = (rooms: Iterable<string>) =>
  [...rooms].filter((room) => room.startsWith(threadRoom(''))).map((room) => room.slice(threadRoom('').length));

const signature = (users: PersonView[]) => users.map((user) => user.id).join();

class ConflictInRoom extends Error {
  constructor() {
    super('Join the thread before signalling that you are typing');
  }
}
