import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useNavigate } from '@tanstack/react-router';
import { MAX_MESSAGE_LENGTH, type Problem } from '@agora/contract';
import { api } from '../api/client';
import { asProblem, PROBLEM_MESSAGES } from '../api/problem';
import { Field, textOf } from './Field';

/** Starts a thread in a forum or a working group, then opens it. */
export function StartThreadDialog({ forum, groupId }: { forum?: string; groupId?: string }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [clientMsgId] = useState(() => crypto.randomUUID());

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = { title: textOf(form, 'title'), body: textOf(form, 'body'), clientMsgId };
    setBusy(true);
    const result = groupId
      ? await api.POST('/api/working-groups/{id}/threads', { params: { path: { id: groupId } }, body })
      : await api.POST('/api/forums/{slug}/threads', { params: { path: { slug: forum ?? '' } }, body });
    setBusy(false);
    if (result.data) await navigate({ to: '/threads/$id', params: { id: result.data.id } });
    else setProblem(asProblem(result.error));
  };
  const fieldError = (field: string) =>
    problem?.errors?.some((error) => error.field === field)
      ? intl.formatMessage({ id: field === 'title' ? 'thread.new.error.title' : 'thread.new.error.body' })
      : undefined;

  return (
    <DialogTrigger>
      <Button className="button">
        <FormattedMessage id="thread.new" />
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <form className="form" noValidate onSubmit={(event) => void submit(event)}>
                <Heading slot="title">
                  <FormattedMessage id="thread.new" />
                </Heading>
                {problem && !problem.errors && (
                  <p className="notice error" role="alert">
                    {intl.formatMessage({ id: PROBLEM_MESSAGES[problem.code] })}
                  </p>
                )}
                <Field label={intl.formatMessage({ id: 'thread.new.title' })} name="title" required autoFocus error={fieldError('title')} />
                <div className="field">
                  <label htmlFor="new-thread-body">
                    <FormattedMessage id="thread.new.body" />
                  </label>
                  <textarea
                    id="new-thread-body"
                    name="body"
                    rows={6}
                    maxLength={MAX_MESSAGE_LENGTH}
                    required
                    aria-invalid={fieldError('body') ? true : undefined}
                    aria-describedby={fieldError('body') ? 'new-thread-body-error' : undefined}
                  />
                  {fieldError('body') && (
                    <p id="new-thread-body-error" className="field-error">
                      {fieldError('body')}
                    </p>
                  )}
                </div>
                <div className="row">
                  <button type="submit" className="button" disabled={busy}>
                    <FormattedMessage id="thread.new.submit" />
                  </button>
                  <button type="button" className="button secondary" onClick={close}>
                    <FormattedMessage id="action.cancel" />
                  </button>
                </div>
              </form>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
