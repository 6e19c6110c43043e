import { FormattedMessage } from 'react-intl';

/** A number, not just bold text: unread is never carried by styling alone. */
export function UnreadBadge({ count }: { count: number }) {
  if (!count) return null;
  return (
    <span className="badge">
      {count}
      <span className="visually-hidden">
        {' '}
        <FormattedMessage id="unread.label" values={{ count }} />
      </span>
    </span>
  );
}
