import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate, useSearch } from '@tanstack/react-router';
import type { Problem } from '@agora/contract';
import { signIn } from '../api/auth';
import { safeNext } from '../api/next';
import { PROBLEM_MESSAGES } from '../api/problem';
import { Field, textOf } from '../components/Field';
import { Page } from '../components/Page';

/** Field errors of a 400, and one message for the form (wrong credentials, rate limit, network). */
export function formErrors(problem: Problem, fieldMessages: Record<string, string>): { fields: Record<string, string>; form?: string } {
  if (problem.status === 400 && problem.errors?.length) {
    const fields: Record<string, string> = {};
    for (const { field } of problem.errors) if (fieldMessages[field]) fields[field] = fieldMessages[field];
    return { fields };
  }
  return { fields: {}, form: PROBLEM_MESSAGES[problem.code] };
}

export function SignInPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const { next } = useSearch({ from: '/sign-in' });
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ fields: Record<string, string>; form?: string }>({ fields: {} });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const result = await signIn(textOf(form, 'email'), textOf(form, 'password'));
    setBusy(false);
    if (result.ok) {
      await navigate({ to: safeNext(next) });
      return;
    }
    const found = formErrors(result.problem, { email: 'signIn.error.email', password: 'signIn.error.password' });
    setErrors(result.problem.status === 401 ? { fields: {}, form: 'signIn.error.credentials' } : found);
  };

  const t = (id?: string) => (id ? intl.formatMessage({ id }) : undefined);
  return (
    <div className="narrow">
      <Page title={intl.formatMessage({ id: 'signIn.title' })}>
        <form
          className="form"
          noValidate
          onSubmit={(event) => void submit(event)}
          aria-describedby={errors.form ? 'sign-in-error' : undefined}
        >
          {errors.form && (
            <p id="sign-in-error" className="notice error" role="alert">
              {t(errors.form)}
            </p>
          )}
          <Field
            label={intl.formatMessage({ id: 'signIn.email' })}
            name="email"
            type="email"
            autoComplete="username"
            required
            error={t(errors.fields.email)}
          />
          <Field
            label={intl.formatMessage({ id: 'signIn.password' })}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={t(errors.fields.password)}
          />
          <button type="submit" className="button" disabled={busy}>
            <FormattedMessage id="signIn.submit" />
          </button>
        </form>
      </Page>
    </div>
  );
}
