import { describe, expect, it } from 'vitest';
import type { LiveMessage, Person } from '@agora/contract';
import { emptyThread, enqueue, gapAfter, items, markOutbox, prepend, receive, update, type ThreadState } from './thread-store';

const giulia: Person = { id: 'u-giulia', name: 'Giulia Rossi', city: { slug: 'bologna', name: 'Bologna' } };
const jonas: Person = { id: 'u-jonas', name: 'Jonas Weber', city: { slug: 'leipzig', name: 'Leipzig' } };

const message = (seq: number, overrides: Partial<LiveMessage> = {}): LiveMessage => ({
  id: `m${seq}`,
  threadId: 't',
  seq,
  clientMsgId: `c${seq}`,
  author: jonas,
  body: `message ${seq}`,
  html: `<p>message ${seq}</p>`,
  createdAt: '2026-12-01T10:00:00.000Z',
  editedAt: null,
  deletedAt: null,
  ...overrides,
});

const seqs = (state: ThreadState) => state.messages.map((m) => m.seq);
const mine = (clientMsgId: string) => ({
  clientMsgId,
  threadId: 't',
  body: 'hello',
  author: giulia,
  createdAt: '2026-12-01T10:00:00.000Z',
});

describe('thread store', () => {
  it('orders by seq whatever the arrival order, and holds each seq once', () => {
    let state = receive(emptyThread(), [message(3), message(1)]);
    state = receive(state, [message(2), message(1), message(3)]);
    state = receive(state, [message(4), message(4)]);
    expect(seqs(state)).toEqual([1, 2, 3, 4]);
    expect(state.held).toEqual([]);
    expect(state.lastSeq).toBe(4);
  });

  it('holds a message after a gap back and names the gap to fetch (41 after 39)', () => {
    let state = receive(emptyThread(38), [message(39)]);
    state = receive(state, [message(41)]);
    expect(seqs(state)).toEqual([39]);
    expect(gapAfter(state)).toBe(39);
    state = receive(state, [message(40), message(41)]); // the fetch of the gap returns 40 and 41
    expect(seqs(state)).toEqual([39, 40, 41]);
    expect(gapAfter(state)).toBeNull();
  });

  it('merges a catch-up page that overlaps what is held', () => {
    let state = receive(emptyThread(), [message(1), message(2), message(3)]);
    state = receive(state, [message(2), message(3), message(4), message(5)]);
    expect(seqs(state)).toEqual([1, 2, 3, 4, 5]);
  });

  describe('own messages', () => {
    it('shows a sent message at once, and the ack or the broadcast replaces it, never doubling it', () => {
      let state = enqueue(emptyThread(), mine('a'), 'sending');
      state = enqueue(state, mine('a'), 'sending'); // a double click
      expect(items(state).map((item) => item.kind)).toEqual(['outbox']);

      const confirmed = message(1, { clientMsgId: 'a', author: giulia, body: 'hello' });
      state = receive(state, [confirmed]); // the broadcast
      state = receive(state, [confirmed]); // then the ack
      expect(items(state)).toEqual([{ kind: 'message', message: confirmed }]);
      expect(enqueue(state, mine('a'), 'sending')).toBe(state); // a resend of the confirmed one
    });

    it("is not settled by someone else's message with the same clientMsgId", () => {
      const state = receive(enqueue(emptyThread(), mine('a'), 'sending'), [message(1, { clientMsgId: 'a', author: jonas })]);
      expect(items(state).map((item) => item.kind)).toEqual(['message', 'outbox']);
    });

    it('keeps a failed send in place with its error, to retry', () => {
      let state = enqueue(emptyThread(), mine('a'), 'sending');
      state = enqueue(state, mine('b'), 'sending');
      state = markOutbox(state, 'a', 'failed', { status: 403, title: 'Forbidden', detail: 'no', code: 'forbidden' });
      expect(state.outbox.map((m) => [m.clientMsgId, m.status, m.error?.status])).toEqual([
        ['a', 'failed', 403],
        ['b', 'sending', undefined],
      ]);
      state = markOutbox(state, 'a', 'sending');
      expect(state.outbox[0]).toMatchObject({ clientMsgId: 'a', status: 'sending', error: undefined });
    });

    it('stays below the messages of others that arrive while it is pending', () => {
      let state = enqueue(receive(emptyThread(), [message(1)]), mine('a'), 'queued');
      state = receive(state, [message(2)]);
      expect(items(state).map((item) => (item.kind === 'message' ? item.message.seq : item.message.clientMsgId))).toEqual([1, 2, 'a']);
    });
  });

  it('applies edits and deletions in place, and a stale copy never undoes them', () => {
    let state = receive(emptyThread(), [message(1), message(2)]);
    const edited = message(1, { body: 'edited', html: '<p>edited</p>', editedAt: '2026-12-01T10:05:00.000Z' });
    const deleted = message(2, { body: '', html: '', deletedAt: '2026-12-01T10:06:00.000Z' });
    state = update(update(state, edited), deleted);
    state = receive(state, [message(1), message(2)]); // a late catch-up page with the originals
    expect(state.messages).toEqual([edited, deleted]);
    expect(update(state, message(0))).toBe(state); // not held: nothing to change
  });

  it('prepends older pages and knows when the start is reached', () => {
    let state = receive(emptyThread(200), [message(201), message(202)]);
    expect(state.complete).toBe(false);
    state = prepend(
      state,
      [message(101), message(150), message(200), message(199)].filter((m) => m.seq >= 199),
    );
    expect(seqs(state)).toEqual([199, 200, 201, 202]);
    state = prepend(
      state,
      Array.from({ length: 198 }, (_, index) => message(index + 1)),
    );
    expect(seqs(state)).toHaveLength(202);
    expect(state.complete).toBe(true);
  });
});
