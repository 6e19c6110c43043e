import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useNavigate } from '@tanstack/react-router';
import { MAX_MESSAGE_LENGTH } from '@agora/contract';
import { api } from '../api/client';
import { asProblem } from '../api/problem';
import { FormAlert, formErrors, useFormSubmit } from '../forms/form-submit';
import { Field, textOf } from './Field';

/** Starts a thread in a forum or a working group, then opens it. */
export function StartThreadDialog({ forum, groupId }: { forum?: string; groupId?: string }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const [clientMsgId] = useState(() => crypto.randomUUID());
  const { busy, fieldError, alert, formProps } = useFormSubmit({
    send: async (form) => {
      const body = { title: textOf(form, 'title'), body: textOf(form, 'body'), clientMsgId };
      const result = groupId
        ? await api.POST('/api/working-groups/{id}/threads', { params: { path: { id: groupId } }, body })
        : await api.POST('/api/forums/{slug}/threads', { params: { path: { slug: forum ?? '' } }, body });
      if (!result.data) return asProblem(result.error);
      await navigate({ to: '/threads/$id', params: { id: result.data.id } });
    },
    explain: (problem) => formErrors(problem, { title: 'thread.new.error.title', body: 'thread.new.error.body' }),
  });

  return (
    <DialogTrigger>
      <Button className="button">
        <FormattedMessage id="thread.new" />
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <form className="form" {...formProps}>
                <Heading slot="title">
                  <FormattedMessage id="thread.new" />
                </Heading>
                <FormAlert {...alert} />
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
