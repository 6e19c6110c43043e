import { FormattedMessage, useIntl } from 'react-intl';
import { asProblem, PROBLEM_MESSAGES } from '../api/problem';

/** After a save: "Saved" politely, or the problem as an alert. The region exists before it speaks. */
export function SaveStatus({ saved, error }: { saved: boolean; error: unknown }) {
  const intl = useIntl();
  return (
    <>
      <p role="status" className="muted">
        {saved && !error && <FormattedMessage id="settings.saved" />}
      </p>
      {!!error && (
        <p role="alert" className="notice error">
          {intl.formatMessage({ id: PROBLEM_MESSAGES[asProblem(error).code] })}
        </p>
      )}
    </>
  );
}
