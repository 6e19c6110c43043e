import { FormattedMessage } from 'react-intl';
import { Link } from '@tanstack/react-router';
import { useFormatters } from '../api/format';
import { useUnreadCounts, type Thread } from '../api/queries';
import { Empty } from './States';
import { UnreadBadge } from './UnreadBadge';

/** Threads with their unread badge and last activity, the ones with unread messages first. */
export function ThreadList({ threads }: { threads: Thread[] }) {
  const unread = useUnreadCounts();
  const format = useFormatters();
  if (!threads.length)
    return (
      <Empty>
        <FormattedMessage id="threads.empty" />
      </Empty>
    );
  const sorted = [...threads].sort((a, b) => Number(unread.thread(b.id) > 0) - Number(unread.thread(a.id) > 0));
  return (
    <ul className="list">
      {sorted.map((thread) => (
        <li key={thread.id}>
          <div className="row">
            <Link to="/threads/$id" params={{ id: thread.id }}>
              {thread.title}
            </Link>
            <UnreadBadge count={unread.thread(thread.id)} />
          </div>
          <p className="muted">
            <FormattedMessage
              id="threads.lastActivity"
              values={{
                when: <time dateTime={thread.lastActivityAt}>{format.since(thread.lastActivityAt)}</time>,
                forum: thread.forum.name,
              }}
            />
          </p>
        </li>
      ))}
    </ul>
  );
}
