import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate, useParams } from '@tanstack/react-router';
import { MIN_PASSWORD_LENGTH } from '@agora/contract';
import { acceptInvitation } from '../api/auth';
import { Field, textOf } from '../components/Field';
import { Page } from '../components/Page';
import { formErrors } from './sign-in';

/** The link in the invitation mail: the invitee picks their name and password and is signed in. */
export function AcceptInvitationPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const { token } = useParams({ from: '/invitations/$token' });
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ fields: Record<string, string>; form?: string }>({ fields: {} });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const result = await acceptInvitation(token, textOf(form, 'name'), textOf(form, 'password'));
    setBusy(false);
    if (result.ok) {
      await navigate({ to: '/' });
      return;
    }
    const found = formErrors(result.problem, { name: 'invitation.error.name', password: 'invitation.error.password' });
    if (result.problem.status === 404) found.form = 'invitation.error.gone';
    if (result.problem.status === 409) found.form = 'invitation.error.used';
    setErrors(found);
  };

  const t = (id?: string) => (id ? intl.formatMessage({ id }, { min: MIN_PASSWORD_LENGTH }) : undefined);
  return (
    <div className="narrow">
      <Page title={intl.formatMessage({ id: 'invitation.title' })}>
        <p>
          <FormattedMessage id="invitation.intro" />
        </p>
        <form className="form" noValidate onSubmit={(event) => void submit(event)}>
          {errors.form && (
            <p className="notice error" role="alert">
              {t(errors.form)}
            </p>
          )}
          <Field
            label={intl.formatMessage({ id: 'invitation.name' })}
            name="name"
            autoComplete="name"
            required
            error={t(errors.fields.name)}
          />
          <Field
            label={intl.formatMessage({ id: 'invitation.password' })}
            hint={t('invitation.password.hint')}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            error={t(errors.fields.password)}
          />
          <button type="submit" className="button" disabled={busy}>
            <FormattedMessage id="invitation.submit" />
          </button>
        </form>
      </Page>
    </div>
  );
}
