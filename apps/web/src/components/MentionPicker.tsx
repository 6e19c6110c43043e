import { useEffect, useState, type KeyboardEvent } from 'react';
import { useIntl } from 'react-intl';
import type { Person } from '@agora/contract';
import { $api } from '../api/client';

/** `@` at the start or after a space, then up to 40 characters of a name before the caret. */
const MENTION_AT_CARET = /(?:^|\s)@([^\s@*][^@\n*]{0,39})?$/;
const SUGGESTIONS = 8;

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

export interface MentionPickerOptions {
  threadId: string;
  body: string;
  caret: number;
  /** Puts the chosen `@**Name** ` into the draft and the caret after it. */
  replace: (text: string, caret: number) => void;
}

/**
 * The `@` suggestions of a draft: which person is active, choosing one, and the keys of the
 * listbox (arrows move, Enter or Tab choose, Escape dismisses this `@`).
 */
export function useMentionPicker({ threadId, body, caret, replace }: MentionPickerOptions) {
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const found = mentionAt(body, caret);
  const mention = found && found.start !== dismissed ? found : null;
  const people = usePeople(threadId, mention);
  const open = mention !== null && people.length > 0;

  const choose = (person: Person) => {
    if (!mention) return;
    const inserted = `@**${person.name}** `;
    replace(body.slice(0, mention.start) + inserted + body.slice(caret), mention.start + inserted.length);
  };

  /** True when the key was the picker's (and is not to be handled by the field). */
  const handleKey = (event: KeyboardEvent): boolean => {
    if (!open) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (index + step + people.length) % people.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      choose(people[Math.min(active, people.length - 1)]);
    } else if (event.key === 'Escape') {
      setDismissed(mention.start);
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  };

  return { mention, people, open, active, choose, handleKey, resetActive: () => setActive(0) };
}

export interface MentionListProps {
  id: string;
  people: Person[];
  active: number;
  optionId: (index: number) => string;
  onChoose: (person: Person) => void;
}

/** The suggestions as a listbox the field points at with aria-activedescendant, as a combobox does. */
export function MentionList({ id, people, active, optionId, onChoose }: MentionListProps) {
  const intl = useIntl();
  return (
    <ul className="mention-list" role="listbox" id={id} aria-label={intl.formatMessage({ id: 'thread.mention.label' })}>
      {people.map((person, index) => (
        <li
          key={person.id}
          id={optionId(index)}
          role="option"
          aria-selected={index === active}
          onMouseDown={(event) => {
            event.preventDefault(); // keep the focus in the field
            onChoose(person);
          }}
        >
          {person.name}
          {person.city && <span className="muted"> · {person.city.name}</span>}
        </li>
      ))}
    </ul>
  );
}
