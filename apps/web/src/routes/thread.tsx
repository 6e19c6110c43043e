import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from '@tanstack/react-router';
import type { LiveMessage, Person } from '@agora/contract';
import { $api } from '../api/client';
import { isNotFound, queryError } from '../api/problem';
import type { Thread } from '../api/queries';
import { useSession } from '../api/session';
import { Composer } from '../components/Composer';
import { MessageLog } from '../components/MessageLog';
import { Page } from '../components/Page';
import { ErrorState, Loading } from '../components/States';
import type { MessageActions } from '../components/ThreadMessage';
import { useThread, useThrottled } from '../live/hooks';
import type { ThreadSession, ThreadSnapshot } from '../live/thread-session';
import { items as itemsOf } from '../live/thread-store';
import { NotFoundPage } from './not-found';
import './thread.css';

/** Presence and typing change often; the status line a screen reader reads changes at most this often. */
const STATUS_EVERY_MS = 1_500;
/** What the announcer keeps (older lines go, so its text stays short). */
const ANNOUNCED_LINES = 3;

function Breadcrumb({ thread }: { thread: Thread }) {
  const intl = useIntl();
  return (
    <nav aria-label={intl.formatMessage({ id: 'thread.breadcrumb' })} className="breadcrumb">
      <ol>
        <li>
          <Link to="/forums/$slug" params={{ slug: thread.forum.slug }}>
            {thread.forum.name}
          </Link>
        </li>
        {thread.workingGroup && (
          <li>
            <Link to="/working-groups/$id" params={{ id: thread.workingGroup.id }}>
              {thread.workingGroup.name}
            </Link>
          </li>
        )}
        <li aria-current="page">{thread.title}</li>
      </ol>
    </nav>
  );
}

/** "3 people here · Jonas Weber is typing…", in one polite status line, throttled. */
function ThreadStatus({ snapshot }: { snapshot: ThreadSnapshot | null }) {
  const intl = useIntl();
  const parts: string[] = [];
  if (snapshot?.presence.length) parts.push(intl.formatMessage({ id: 'thread.presence' }, { count: snapshot.presence.length }));
  if (snapshot?.typing.length)
    parts.push(
      intl.formatMessage(
        { id: 'thread.typing' },
        { count: snapshot.typing.length, names: intl.formatList(snapshot.typing.map((person) => person.name)) },
      ),
    );
  const text = useThrottled(parts.join(' · '), STATUS_EVERY_MS);
  return (
    <p className="thread-status muted" role="status">
      {text}
    </p>
  );
}

/** Reads out each new message by someone else once, with its author: never the history. */
function useAnnouncer(session: ThreadSession | null): { key: string; text: string }[] {
  const intl = useIntl();
  const [lines, setLines] = useState<{ key: string; text: string }[]>([]);
  useEffect(
    () =>
      session?.onArrival((message: LiveMessage) => {
        const text = new DOMParser().parseFromString(message.html, 'text/html').body.textContent ?? '';
        const line = intl.formatMessage({ id: 'thread.announce' }, { name: message.author.name, text: text.slice(0, 300) });
        setLines((previous) => [...previous, { key: message.id, text: line }].slice(-ANNOUNCED_LINES));
      }),
    [session, intl],
  );
  return lines;
}

/** Staff may change any message; a group's lead those of its threads. The API has the last word either way. */
function useMayModerate(thread: Thread | undefined): boolean {
  const session = useSession();
  const groupId = thread?.workingGroup?.id ?? '';
  const group = $api.useQuery('get', '/api/working-groups/{id}', { params: { path: { id: groupId } } }, { enabled: !!groupId });
  if (session.status !== 'signed-in') return false;
  if (session.user.role === 'admin' || session.user.role === 'secretariat') return true;
  return group.data?.membership?.role === 'lead' && group.data.membership.status === 'active';
}

function OfflineBanner({ snapshot }: { snapshot: ThreadSnapshot | null }) {
  const [wasLive, setWasLive] = useState(false);
  useEffect(() => {
    if (snapshot?.live) setWasLive(true);
  }, [snapshot?.live]);
  const offline = snapshot !== null && !snapshot.live && (wasLive || navigator.onLine === false);
  return (
    <div role="alert" className={offline ? 'notice offline' : 'visually-hidden'}>
      {offline && <FormattedMessage id="thread.offline" />}
    </div>
  );
}

/** Marks read when the newest message has been on screen in a visible tab (a hidden tab's marks wait for it to show); each seq once. */
function useReadMarker(session: ThreadSession | null) {
  const sent = useRef(0);
  const seen = useRef(0);
  const flush = useCallback(() => {
    if (!session || seen.current <= sent.current || document.visibilityState !== 'visible') return;
    sent.current = seen.current;
    session.markRead(seen.current);
  }, [session]);
  useEffect(() => {
    document.addEventListener('visibilitychange', flush);
    return () => document.removeEventListener('visibilitychange', flush);
  }, [flush]);
  return useCallback(
    (seq: number) => {
      seen.current = Math.max(seen.current, seq);
      flush();
    },
    [flush],
  );
}

export function ThreadPage() {
  const { id } = useParams({ from: '/authed/threads/$id' });
  const session = useSession();
  const thread = $api.useQuery('get', '/api/threads/{id}', { params: { path: { id } } }, { staleTime: Infinity });
  const self: Person | null = session.status === 'signed-in' ? session.user : null;
  const live = useThread(id, thread.data?.lastSeq, self);
  const mayModerate = useMayModerate(thread.data);
  const announced = useAnnouncer(live.session);
  const onSeen = useReadMarker(live.session);
  const items = useMemo(() => (live.snapshot ? itemsOf(live.snapshot.store) : []), [live.snapshot]);
  const actions: MessageActions = useMemo(
    () => ({
      edit: (messageId, body) => live.session?.edit(messageId, body) ?? Promise.resolve(null),
      remove: (messageId) => live.session?.remove(messageId) ?? Promise.resolve(null),
      retry: (clientMsgId) => live.session?.retry(clientMsgId),
      discard: (clientMsgId) => live.session?.discard(clientMsgId),
    }),
    [live.session],
  );

  if (isNotFound(queryError(thread))) return <NotFoundPage />;
  if (queryError(thread)) return <ErrorState error={queryError(thread)} onRetry={() => void thread.refetch()} />;
  if (!thread.data || !self) return <Loading />;
  return (
    <div className="thread-page">
      <Breadcrumb thread={thread.data} />
      <Page title={thread.data.title}>
        <OfflineBanner snapshot={live.snapshot} />
        {live.snapshot ? (
          <MessageLog
            items={items}
            selfId={self.id}
            mayModerate={mayModerate}
            complete={live.snapshot.store.complete}
            loadingEarlier={live.snapshot.loadingEarlier}
            onLoadEarlier={() => live.session?.loadEarlier() ?? Promise.resolve()}
            onSeen={onSeen}
            actions={actions}
          />
        ) : (
          <Loading />
        )}
        <div className="visually-hidden" aria-live="polite" aria-atomic="false">
          {announced.map((line) => (
            <p key={line.key}>{line.text}</p>
          ))}
        </div>
        <ThreadStatus snapshot={live.snapshot} />
        <Composer
          threadId={id}
          onSend={(body, clientMsgId) => live.session?.send(body, clientMsgId)}
          onTyping={() => live.session?.typing()}
        />
      </Page>
    </div>
  );
}
