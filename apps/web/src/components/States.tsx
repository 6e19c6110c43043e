import { useEffect, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { asProblem, PROBLEM_MESSAGES } from '../api/problem';

/** A skeleton after 300 ms: fast answers show no flash of loading state. */
export function Loading() {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setVisible(true), 300);
    return () => clearTimeout(timer);
  }, []);
  if (!visible) return null;
  return (
    <div className="skeleton" role="status">
      <span className="visually-hidden">
        <FormattedMessage id="state.loading" />
      </span>
      <div className="skeleton-line" />
      <div className="skeleton-line" />
      <div className="skeleton-line short" />
    </div>
  );
}

/** What happened (the problem's code, translated), and a retry. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const intl = useIntl();
  const problem = asProblem(error);
  return (
    <div className="notice error" role="alert">
      <p>{intl.formatMessage({ id: PROBLEM_MESSAGES[problem.code] })}</p>
      {onRetry && (
        <button type="button" className="button secondary" onClick={onRetry}>
          <FormattedMessage id="state.retry" />
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="notice empty">{children}</div>;
}
