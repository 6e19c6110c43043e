import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { signIn } from '../api/auth';
import { safeNext } from '../api/next';
import { Field, textOf } from '../components/Field';
import { Page } from '../components/Page';
import { FormAlert, formErrors, useFormSubmit } from '../forms/form-submit';

export function SignInPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const { next } = useSearch({ from: '/sign-in' });
  const { busy, fieldError, alert, formProps } = useFormSubmit({
    send: async (form) => {
      const result = await signIn(textOf(form, 'email'), textOf(form, 'password'));
      if (!result.ok) return result.problem;
      await navigate({ to: safeNext(next) });
    },
    explain: (problem) =>
      problem.status === 401
        ? { fields: {}, form: 'signIn.error.credentials' }
        : formErrors(problem, { email: 'signIn.error.email', password: 'signIn.error.password' }),
  });

  return (
    <div className="narrow">
      <Page title={intl.formatMessage({ id: 'signIn.title' })}>
        <form className="form" {...formProps}>
          <FormAlert {...alert} />
          <Field
            label={intl.formatMessage({ id: 'signIn.email' })}
            name="email"
            type="email"
            autoComplete="username"
            required
            error={fieldError('email')}
          />
          <Field
            label={intl.formatMessage({ id: 'signIn.password' })}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={fieldError('password')}
          />
          <button type="submit" className="button" disabled={busy}>
            <FormattedMessage id="signIn.submit" />
          </button>
        </form>
      </Page>
    </div>
  );
}
