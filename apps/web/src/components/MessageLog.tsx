import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ThreadItem } from '../live/thread-store';
import { PendingMessage, StoredMessage, type MessageActions } from './ThreadMessage';

/** Within this many pixels of the end, the reader is "at the bottom" and new messages keep them there. */
const BOTTOM_SLACK_PX = 48;

const keyOf = (item: ThreadItem) => `${item.message.author.id}:${item.message.clientMsgId}`;

export interface MessageLogProps {
  items: ThreadItem[];
  selfId: string;
  /** Staff, or the lead of the thread's group: offered Edit and Delete on others' messages too (the API decides). */
  mayModerate: boolean;
  complete: boolean;
  loadingEarlier: boolean;
  onLoadEarlier: () => Promise<void>;
  /** The newest seq the reader has had on screen (at the bottom of the log). */
  onSeen: (seq: number) => void;
  actions: MessageActions;
}

/**
 * The messages, virtualized (a thread of thousands keeps a few dozen nodes). It is the page's
 * `role="log"`, but not a live region itself: virtualization inserts nodes while one scrolls,
 * which a screen reader would read out as news; new messages are announced by the page's
 * announcer instead, once each.
 */
export function MessageLog({ items, selfId, mayModerate, complete, loadingEarlier, onLoadEarlier, onSeen, actions }: MessageLogProps) {
  const intl = useIntl();
  const scroller = useRef<HTMLDivElement>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [seenSeq, setSeenSeq] = useState(0);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 96,
    overscan: 6,
    getItemKey: (index) => keyOf(items[index]),
  });
  const newestSeq = lastSeqOf(items);

  const toBottom = useCallback(() => {
    if (items.length) virtualizer.scrollToIndex(items.length - 1, { align: 'end' });
  }, [items.length, virtualizer]);

  // Stay at the bottom when the reader is there: arrivals, own messages and re-measured heights keep it in view.
  useLayoutEffect(() => {
    if (atBottom) toBottom();
  }, [items.length, atBottom, toBottom]);

  useEffect(() => {
    if (!atBottom || !newestSeq) return;
    setSeenSeq(newestSeq);
    onSeen(newestSeq);
  }, [atBottom, newestSeq, onSeen]);

  const onScroll = () => {
    const element = scroller.current;
    if (element) setAtBottom(element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK_PX);
  };

  const loadEarlier = async () => {
    const before = items.length;
    await onLoadEarlier();
    // Keep the message that was first in view where it was.
    requestAnimationFrame(() => virtualizer.scrollToIndex(Math.max(0, virtualizer.options.count - before), { align: 'start' }));
  };

  const unseen = items.filter((item) => item.kind === 'message' && item.message.seq > seenSeq && item.message.author.id !== selfId).length;

  return (
    <div className="message-log-frame">
      <div
        ref={scroller}
        className="message-log"
        role="log"
        aria-live="off"
        aria-label={intl.formatMessage({ id: 'thread.messages' })}
        tabIndex={0}
        onScroll={onScroll}
      >
        <div className="log-start">
          {complete ? (
            <p className="muted">
              <FormattedMessage id="thread.start" />
            </p>
          ) : (
            <button type="button" className="button secondary" disabled={loadingEarlier} onClick={() => void loadEarlier()}>
              <FormattedMessage id="thread.loadEarlier" />
            </button>
          )}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((row) => {
            const item = items[row.index];
            return (
              <div
                key={row.key}
                data-index={row.index}
                ref={virtualizer.measureElement}
                className="message-row"
                style={{ transform: `translateY(${row.start}px)` }}
              >
                {item.kind === 'message' ? (
                  <StoredMessage message={item.message} mayChange={item.message.author.id === selfId || mayModerate} actions={actions} />
                ) : (
                  <PendingMessage message={item.message} actions={actions} />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {!atBottom && unseen > 0 && (
        <button type="button" className="button new-messages" onClick={toBottom}>
          <FormattedMessage id="thread.newMessages" values={{ count: unseen }} />
        </button>
      )}
    </div>
  );
}

function lastSeqOf(items: ThreadItem[]): number {
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index];
    if (item.kind === 'message') return item.message.seq;
  }
  return 0;
}
