import { useId, useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import type { Problem } from '@agora/contract';
import { asProblem, PROBLEM_MESSAGES } from '../api/problem';

/** Message ids: one per field the server refused, and one for the form as a whole. */
export interface FormErrors {
  fields: Record<string, string>;
  form?: string;
}

const NO_ERRORS: FormErrors = { fields: {} };

/** Field errors of a 400, and one message for the form (wrong credentials, rate limit, network). */
export function formErrors(problem: Problem, fieldMessages: Record<string, string>): FormErrors {
  if (problem.status === 400 && problem.errors?.length) {
    const fields: Record<string, string> = {};
    for (const { field } of problem.errors) if (fieldMessages[field]) fields[field] = fieldMessages[field];
    return { fields };
  }
  return { fields: {}, form: PROBLEM_MESSAGES[problem.code] };
}

export interface FormSubmitOptions {
  /** Sends the form's data (and moves on after a success); resolves with the problem of a failure. */
  send: (form: FormData) => Promise<Problem | undefined>;
  /** The messages a problem shows. */
  explain: (problem: Problem) => FormErrors;
  /** Values for the messages' placeholders. */
  values?: Record<string, string | number>;
}

/**
 * A form sent to the API: its button is disabled while it is on its way, and a refusal comes back
 * as translated messages, per field (for `<Field error>`) and for the form (`<FormAlert>`, which the
 * form's `aria-describedby` points at). A network failure counts as a problem too.
 */
export function useFormSubmit({ send, explain, values }: FormSubmitOptions) {
  const intl = useIntl();
  const alertId = useId();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const say = (id?: string) => (id ? intl.formatMessage({ id }, values) : undefined);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    void send(form)
      .catch(asProblem)
      .then((problem) => {
        setBusy(false);
        setErrors(problem ? explain(problem) : NO_ERRORS);
      });
  };

  return {
    busy,
    fieldError: (name: string) => say(errors.fields[name]),
    alert: { id: alertId, message: say(errors.form) },
    /** Spread on the `<form>`: the browser's own validation bubbles give way to the server's messages. */
    formProps: { noValidate: true, onSubmit, 'aria-describedby': errors.form ? alertId : undefined },
  };
}

/** The form's own error (not a field's), announced when it appears. */
export function FormAlert({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="notice error" role="alert">
      {message}
    </p>
  );
}
