import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { AuthUser, DomainEventBus, OutboxTopic, renderMarkdown, runSql } from '@agora/platform';
import { PersonView, toPerson, User, UsersService } from '@agora/identity';
import { v7 } from 'uuid';
import { DiscussionsEvents, ReadMovedEvent } from './discussions.events';
import { insertMessage, messageByClientMsgId, MessageRow, messagesAfter, moveReadPosition } from './discussions.queries';
import { MessageListQuery, MessageView, SendMessageDto } from './dto/discussions.dto';
import { linkMentions, mentionedNames } from './mentions';
import { Mention } from './mention.entity';
import { Message } from './message.entity';
import { ThreadAccessService } from './thread-access.service';
import { Thread } from './thread.entity';

export interface SendResult {
  message: MessageView;
  /** false when the clientMsgId was seen before and this is the original message. */
  created: boolean;
}

@Injectable()
export class MessagesService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: ThreadAccessService,
    private readonly users: UsersService,
    private readonly events: DomainEventBus,
  ) {}

  /** Messages after `afterSeq`, ascending; `hasMore` when the limit cut the list. */
  async list(user: AuthUser, threadId: string, query: MessageListQuery): Promise<{ items: MessageView[]; hasMore: boolean }> {
    await this.access.resolve(user, threadId);
    const rows = await runSql<MessageRow>(this.em, messagesAfter(threadId, query.afterSeq, query.limit + 1));
    return { items: await this.toViews(rows.slice(0, query.limit)), hasMore: rows.length > query.limit };
  }

  /** Checks that the caller may post in the thread, then posts. `author` saves a lookup when the caller knows it. */
  async send(user: AuthUser, threadId: string, dto: SendMessageDto, author?: PersonView): Promise<SendResult> {
    const { thread, canPost } = await this.access.resolve(user, threadId);
    if (!canPost) throw new ForbiddenException('Join the working group to post in its threads');
    return this.post(user, thread, dto, author);
  }

  /**
   * Stores a message, then announces it, in one statement: it raises the thread's `last_seq`,
   * inserts the message with that number, records its mentions and the outbox entry of their
   * mail. PostgreSQL holds the thread's row lock only for the statement itself (no round trips to
   * Node while it is held), which
   * orders concurrent senders on any api instance; a failed insert undoes the increment, so seqs
   * have no gaps. A clientMsgId seen before (even in a race) fails the unique index and returns
   * the original message instead.
   */
  async post(user: AuthUser, thread: Thread, dto: SendMessageDto, author?: PersonView): Promise<SendResult> {
    const { html, mentioned } = await this.render(dto.body);
    // Their mention mail is an outbox entry in the same statement: stored with the message or not at all.
    const mentionedIds = mentioned.map((person) => person.id);
    const notifiedIds = mentionedIds.filter((mentionedId) => mentionedId !== user.id);
    let stored: { seq: number; createdAt: Date } | undefined;
    const id = v7();
    try {
      [stored] = await runSql<{ seq: number; createdAt: Date }>(
        this.em,
        insertMessage({
          id,
          threadId: thread.id,
          authorId: user.id,
          clientMsgId: dto.clientMsgId,
          body: dto.body,
          html,
          mentionedIds,
          notifiedIds,
          outbox: { id: v7(), topic: OutboxTopic.MentionsCreated },
        }),
      );
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      const original = await this.findByClientMsgId(user.id, dto.clientMsgId);
      if (!original) throw error;
      return { message: original, created: false };
    }
    if (!stored) throw new NotFoundException('No such thread');
    const row: MessageRow = {
      id,
      threadId: thread.id,
      seq: stored.seq,
      clientMsgId: dto.clientMsgId,
      authorId: user.id,
      body: dto.body,
      html,
      createdAt: stored.createdAt,
      editedAt: null,
      deletedAt: null,
    };
    const view = author ? toView(row, author) : (await this.toViews([row]))[0];
    this.events.emit(DiscussionsEvents.MessageCreated, { message: view });
    return { message: view, created: true };
  }

  async edit(user: AuthUser, messageId: string, body: string): Promise<MessageView> {
    const message = await this.modifiable(user, messageId);
    const { html, mentioned } = await this.render(body);
    message.edit(body, html);
    await this.em.transactional(async (em) => {
      await em.nativeDelete(Mention, { message });
      em.persist(mentioned.map((person) => new Mention(message, em.getReference(User, person.id))));
    });
    const view = (await this.toViews([toRow(message, message.author.id)]))[0];
    this.events.emit(DiscussionsEvents.MessageUpdated, { message: view });
    return view;
  }

  /** Soft delete: the seq stays (no gap for clients catching up), the content goes. */
  async remove(user: AuthUser, messageId: string): Promise<MessageView> {
    const message = await this.modifiable(user, messageId);
    message.softDelete();
    await this.em.transactional(async (em) => {
      await em.nativeDelete(Mention, { message });
    });
    const view = (await this.toViews([toRow(message, message.author.id)]))[0];
    this.events.emit(DiscussionsEvents.MessageDeleted, { message: view });
    return view;
  }

  /** Stores how far the user has read; it never moves backwards and never past the last message. */
  async markRead(user: AuthUser, threadId: string, seq: number): Promise<number> {
    const { thread } = await this.access.resolve(user, threadId);
    const [row] = await runSql<{ seq: number }>(this.em, moveReadPosition(user.id, thread.id, seq, thread.lastSeq));
    const moved: ReadMovedEvent = { userId: user.id, threadId: thread.id, seq: row.seq };
    this.events.emit(DiscussionsEvents.ReadMoved, moved);
    return row.seq;
  }

  private async modifiable(user: AuthUser, messageId: string): Promise<Message> {
    const message = await this.em.findOne(Message, { id: messageId }, { populate: ['thread'] });
    if (!message) throw new NotFoundException('No such message');
    const { canModerate } = await this.access.resolve(user, message.thread.id);
    if (message.author.id !== user.id && !canModerate)
      throw new ForbiddenException('Only the author, the group lead and the staff may change a message');
    if (message.deletedAt) throw new ConflictException('This message has been deleted');
    return message;
  }

  /** The HTML a message with this body would get now, mentions resolved: what the composer previews. */
  async preview(body: string): Promise<string> {
    return (await this.render(body)).html;
  }

  private async render(body: string): Promise<{ html: string; mentioned: { id: string; name: string }[] }> {
    const mentioned = (await this.users.findByNames(mentionedNames(body))).map((user) => ({ id: user.id, name: user.name }));
    return { html: linkMentions(renderMarkdown(body), mentioned), mentioned };
  }

  private async findByClientMsgId(authorId: string, clientMsgId: string): Promise<MessageView | null> {
    const rows = await runSql<MessageRow>(this.em, messageByClientMsgId(authorId, clientMsgId));
    return rows.length ? (await this.toViews(rows))[0] : null;
  }

  private async toViews(rows: MessageRow[]): Promise<MessageView[]> {
    const authors = new Map(
      (await this.users.findByIds([...new Set(rows.map((row) => row.authorId))])).map((user) => [user.id, toPerson(user)]),
    );
    return rows.map((row) => toView(row, authors.get(row.authorId) ?? { id: row.authorId, name: 'Former member', city: null }));
  }
}

function toView(row: MessageRow, author: PersonView): MessageView {
  return {
    id: row.id,
    threadId: row.threadId,
    seq: row.seq,
    clientMsgId: row.clientMsgId,
    author,
    body: row.body,
    html: row.html,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}

function toRow(message: Message, authorId: string): MessageRow {
  return {
    id: message.id,
    threadId: message.thread.id,
    seq: message.seq,
    clientMsgId: message.clientMsgId,
    authorId,
    body: message.body,
    html: message.html,
    createdAt: message.createdAt,
    editedAt: message.editedAt,
    deletedAt: message.deletedAt,
  };
}
