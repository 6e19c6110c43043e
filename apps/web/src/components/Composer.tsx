import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Person } from '@agora/contract';
import { $api, api } from '../api/client';

/** `@` at the start or after a space, then up to 40 characters of a name before the caret. */
const MENTION_AT_CARET = /(?:^|\s)@([^\s@*][^@\n*]{0,39})?$/;
const SUGGESTIONS = 8;
/** A typing signal at most this often (the server relays one per 2 s anyway). */
const TYPING_EVERY_MS = 2_000;

interface Mention {
  /** Index of the `@` in the text. */
  start: number;
  query: string;
}

function mentionAt(text: string, caret: number): Mention | null {
  const match = MENTION_AT_CARET.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[1] ?? '';
  return { start: caret - query.length - 1, query };
}

/** Who can be mentioned, for the text typed after `@`: the thread's audience, from the API. */
function usePeople(threadId: string, mention: Mention | null) {
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(mention?.query.trim() ?? ''), 120);
    return () => clearTimeout(timer);
  }, [mention?.query]);
  const people = $api.useQuery(
    'get',
    '/api/threads/{id}/people',
    { params: { path: { id: threadId }, query: { q: query, limit: SUGGESTIONS } } },
    { enabled: mention !== null, staleTime: 60_000 },
  );
  return mention ? (people.data?.items ?? []) : [];
}

/** The server's HTML for the draft (the renderer messages get), so the preview is what others will see. */
function usePreview(body: string, open: boolean): string | null {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    let current = true;
    const timer = setTimeout(() => {
      void api.POST('/api/markdown/preview', { body: { body } }).then(({ data }) => {
        if (current && data) setHtml(data.html);
      });
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [body, open]);
  return open ? html : null;
}

export interface ComposerProps {
  threadId: string;
  onSend: (body: string, clientMsgId: string) => void;
  onTyping: () => void;
}

/**
 * The message field: Enter sends, Shift+Enter breaks the line; `@` offers the people of the
 * thread's audience (a listbox the field points at with aria-activedescendant, as a combobox
 * does); the preview shows the server's rendering of the draft.
 */
export function Composer({ threadId, onSend, onTyping }: ComposerProps) {
  const intl = useIntl();
  const ids = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [previewing, setPreviewing] = useState(false);
  /** One id per draft: a double click or a second Enter sends the same clientMsgId, which the store and the server dedupe. */
  const draftId = useRef(crypto.randomUUID());
  const lastTyping = useRef(0);
  const found = mentionAt(body, caret);
  const mention = found && found.start !== dismissed ? found : null;
  const people = usePeople(threadId, mention);
  const open = mention !== null && people.length > 0;
  const html = usePreview(body, previewing);
  const listId = `${ids}-people`;
  const optionId = (index: number) => `${ids}-person-${index}`;

  const change = (text: string, at: number) => {
    setBody(text);
    setCaret(at);
    setActive(0);
    if (text && Date.now() - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = Date.now();
      onTyping();
    }
  };

  const choose = (person: Person) => {
    if (!mention) return;
    const inserted = `@**${person.name}** `;
    const text = body.slice(0, mention.start) + inserted + body.slice(caret);
    const at = mention.start + inserted.length;
    setBody(text);
    setCaret(at);
    requestAnimationFrame(() => field.current?.setSelectionRange(at, at));
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
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((index) => (index + step + people.length) % people.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        choose(people[Math.min(active, people.length - 1)]);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissed(mention.start);
        return;
      }
    }
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
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? optionId(active) : undefined}
          onChange={(event) => change(event.target.value, event.target.selectionStart)}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
        />
        {open && (
          <ul className="mention-list" role="listbox" id={listId} aria-label={intl.formatMessage({ id: 'thread.mention.label' })}>
            {people.map((person, index) => (
              <li
                key={person.id}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                onMouseDown={(event) => {
                  event.preventDefault(); // keep the focus in the field
                  choose(person);
                }}
              >
                {person.name}
                {person.city && <span className="muted"> · {person.city.name}</span>}
              </li>
            ))}
          </ul>
        )}
        <p className="visually-hidden" role="status">
          {mention ? intl.formatMessage({ id: 'thread.mention.results' }, { count: people.length }) : ''}
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
      {previewing && (
        <section className="preview" aria-labelledby={`${ids}-preview`}>
          <h2 id={`${ids}-preview`} className="preview-heading">
            <FormattedMessage id="thread.preview.heading" />
          </h2>
          {body.trim() && html !== null ? (
            <div className="message-body" dangerouslySetInnerHTML={{ __html: html }} />
          ) : (
            <p className="muted">
              <FormattedMessage id="thread.preview.empty" />
            </p>
          )}
        </section>
      )}
    </form>
  );
}
