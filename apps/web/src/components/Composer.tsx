import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { DraftPreview } from './DraftPreview';
import { MentionList, useMentionPicker } from './MentionPicker';

/** A typing signal at most this often (the server relays one per 2 s anyway). */
const TYPING_EVERY_MS = 2_000;

export interface ComposerProps {
  threadId: string;
  onSend: (body: string, clientMsgId: string) => void;
  onTyping: () => void;
}

/**
 * The message field: Enter sends, Shift+Enter breaks the line; `@` offers the people of the
 * thread's audience; the preview shows the server's rendering of the draft.
 */
export function Composer({ threadId, onSend, onTyping }: ComposerProps) {
  const intl = useIntl();
  const ids = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState('');
  const [caret, setCaret] = useState(0);
  const [previewing, setPreviewing] = useState(false);
  /** One id per draft: a double click or a second Enter sends the same clientMsgId, which the store and the server dedupe. */
  const draftId = useRef(crypto.randomUUID());
  const lastTyping = useRef(0);
  const replace = (text: string, at: number) => {
    setBody(text);
    setCaret(at);
    requestAnimationFrame(() => field.current?.setSelectionRange(at, at));
  };
  const picker = useMentionPicker({ threadId, body, caret, replace });
  const listId = `${ids}-people`;
  const optionId = (index: number) => `${ids}-person-${index}`;

  const change = (text: string, at: number) => {
    setBody(text);
    setCaret(at);
    picker.resetActive();
    if (text && Date.now() - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = Date.now();
      onTyping();
    }
  };

  const send = (event?: FormEvent) => {
    event?.preventDefault();
    const text = body.trim();
    if (!text) return;
    onSend(text, draftId.current);
    setBody('');
    setCaret(0);
    draftId.current = crypto.randomUUID();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (picker.handleKey(event)) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) send(event);
  };

  return (
    <form className="composer" onSubmit={send}>
      <label htmlFor={`${ids}-field`}>
        <FormattedMessage id="thread.composer.label" />
      </label>
      <div className="composer-field">
        <textarea
          id={`${ids}-field`}
          ref={field}
          rows={3}
          value={body}
          aria-describedby={`${ids}-hint`}
          aria-autocomplete="list"
          aria-controls={picker.open ? listId : undefined}
          aria-activedescendant={picker.open ? optionId(picker.active) : undefined}
          onChange={(event) => change(event.target.value, event.target.selectionStart)}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
        />
        {picker.open && (
          <MentionList id={listId} people={picker.people} active={picker.active} optionId={optionId} onChoose={picker.choose} />
        )}
        <p className="visually-hidden" role="status">
          {picker.mention ? intl.formatMessage({ id: 'thread.mention.results' }, { count: picker.people.length }) : ''}
        </p>
      </div>
      <p id={`${ids}-hint`} className="hint">
        <FormattedMessage id="thread.composer.hint" />
      </p>
      <div className="row-actions">
        <button type="button" className="button secondary" aria-pressed={previewing} onClick={() => setPreviewing((on) => !on)}>
          <FormattedMessage id="thread.preview" />
        </button>
        <button type="submit" className="button">
          <FormattedMessage id="thread.send" />
        </button>
      </div>
      {previewing && <DraftPreview headingId={`${ids}-preview`} body={body} />}
    </form>
  );
}
