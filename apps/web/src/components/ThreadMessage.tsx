import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { LiveMessage } from '@agora/contract';
import { useFormatters } from '../api/format';
import { asProblem, PROBLEM_MESSAGES } from '../api/problem';
import type { OutboxMessage } from '../live/thread-store';

export interface MessageActions {
  /** Resolve with null on success, with the problem otherwise (shown next to the message). */
  edit: (messageId: string, body: string) => Promise<unknown>;
  remove: (messageId: string) => Promise<unknown>;
  retry: (clientMsgId: string) => void;
  discard: (clientMsgId: string) => void;
}

function Meta({ id, name, city, at, edited }: { id: string; name: string; city?: string; at: string; edited?: boolean }) {
  const format = useFormatters();
  return (
    <p className="message-meta" id={id}>
      <strong>{name}</strong>
      {city && <span className="muted"> · {city}</span>} <time dateTime={at}>{format.dateTime(at)}</time>
      {edited && (
        <span className="muted">
          {' '}
          <FormattedMessage id="thread.edited" />
        </span>
      )}
    </p>
  );
}

function EditForm({ message, onDone, actions }: { message: LiveMessage; onDone: () => void; actions: MessageActions }) {
  const intl = useIntl();
  const [body, setBody] = useState(message.body);
  const [problem, setProblem] = useState<unknown>(null);
  const fieldId = `edit-${message.id}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const failure = await actions.edit(message.id, body);
    if (failure) setProblem(failure);
    else onDone();
  };
  return (
    <form className="message-edit" onSubmit={(event) => void submit(event)}>
      <label htmlFor={fieldId}>
        <FormattedMessage id="thread.edit.label" />
      </label>
      <textarea id={fieldId} value={body} rows={3} onChange={(event) => setBody(event.target.value)} autoFocus />
      {problem !== null && (
        <p className="field-error" role="alert">
          {intl.formatMessage({ id: PROBLEM_MESSAGES[asProblem(problem).code] })}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="button">
          <FormattedMessage id="thread.save" />
        </button>
        <button type="button" className="button secondary" onClick={onDone}>
          <FormattedMessage id="thread.cancel" />
        </button>
      </div>
    </form>
  );
}

/**
 * A message as the server rendered it (its `html`, sanitized there: the client never renders
 * markdown itself), with Edit and Delete where the user may be allowed to; the API decides,
 * and its refusal is shown next to the message.
 */
export function StoredMessage({ message, mayChange, actions }: { message: LiveMessage; mayChange: boolean; actions: MessageActions }) {
  const intl = useIntl();
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  const [problem, setProblem] = useState<unknown>(null);
  const metaId = `meta-${message.id}`;
  const remove = async () => {
    const failure = await actions.remove(message.id);
    setMode('view');
    setProblem(failure);
  };
  if (message.deletedAt)
    return (
      <div className="message deleted">
        <Meta id={metaId} name={message.author.name} city={message.author.city?.name} at={message.createdAt} />
        <p className="muted">
          <FormattedMessage id="thread.deleted" />
        </p>
      </div>
    );
  return (
    <div className="message">
      <Meta id={metaId} name={message.author.name} city={message.author.city?.name} at={message.createdAt} edited={!!message.editedAt} />
      {mode === 'edit' ? (
        <EditForm message={message} actions={actions} onDone={() => setMode('view')} />
      ) : (
        <div className="message-body" dangerouslySetInnerHTML={{ __html: message.html }} />
      )}
      {problem !== null && (
        <p className="field-error" role="alert">
          {intl.formatMessage({ id: PROBLEM_MESSAGES[asProblem(problem).code] })}
        </p>
      )}
      {mayChange && mode === 'view' && (
        <div className="row-actions">
          <button type="button" className="button link" aria-describedby={metaId} onClick={() => setMode('edit')}>
            <FormattedMessage id="thread.edit" />
          </button>
          <button type="button" className="button link" aria-describedby={metaId} onClick={() => setMode('confirm-delete')}>
            <FormattedMessage id="thread.delete" />
          </button>
        </div>
      )}
      {mode === 'confirm-delete' && (
        <div className="row-actions" role="group" aria-labelledby={`confirm-${message.id}`}>
          <span id={`confirm-${message.id}`}>
            <FormattedMessage id="thread.delete.confirm" />
          </span>
          <button type="button" className="button danger" onClick={() => void remove()} autoFocus>
            <FormattedMessage id="thread.delete" />
          </button>
          <button type="button" className="button secondary" onClick={() => setMode('view')}>
            <FormattedMessage id="thread.cancel" />
          </button>
        </div>
      )}
    </div>
  );
}

/** The user's own message before the server has it: its text as written, and where it is. */
export function PendingMessage({ message, actions }: { message: OutboxMessage; actions: MessageActions }) {
  const intl = useIntl();
  const metaId = `meta-${message.clientMsgId}`;
  return (
    <div className={`message pending ${message.status}`}>
      <Meta id={metaId} name={message.author.name} city={message.author.city?.name} at={message.createdAt} />
      <p className="message-source">{message.body}</p>
      {message.status === 'sending' && (
        <p className="muted">
          <FormattedMessage id="thread.sending" />
        </p>
      )}
      {message.status === 'queued' && (
        <p className="muted">
          <FormattedMessage id="thread.queued" />
        </p>
      )}
      {message.status === 'failed' && (
        <div className="row-actions">
          <span className="field-error">
            <FormattedMessage id="thread.failed" />{' '}
            {message.error?.code ? intl.formatMessage({ id: PROBLEM_MESSAGES[message.error.code] }) : null}
          </span>
          <button type="button" className="button" aria-describedby={metaId} onClick={() => actions.retry(message.clientMsgId)}>
            <FormattedMessage id="thread.retry" />
          </button>
          <button type="button" className="button secondary" aria-describedby={metaId} onClick={() => actions.discard(message.clientMsgId)}>
            <FormattedMessage id="thread.discard" />
          </button>
        </div>
      )}
    </div>
  );
}
