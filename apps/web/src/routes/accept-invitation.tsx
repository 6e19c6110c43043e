import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate, useParams } from '@tanstack/react-router';
import { MIN_PASSWORD_LENGTH } from '@agora/contract';
import { acceptInvitation } from '../api/auth';
import { Field, textOf } from '../components/Field';
import { Page } from '../components/Page';
import { FormAlert, formErrors, useFormSubmit } from '../forms/form-submit';

/** Refusals of an invitation link that has expired or been used, beyond what formErrors says. */
const INVITATION_PROBLEMS: Record<number, string> = { 404: 'invitation.error.gone', 409: 'invitation.error.used' };

/** The link in the invitation mail: the invitee picks their name and password and is signed in. */
export function AcceptInvitationPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const { token } = useParams({ from: '/invitations/$token' });
  const { busy, fieldError, alert, formProps } = useFormSubmit({
    send: async (form) => {
      const result = await acceptInvitation(token, textOf(form, 'name'), textOf(form, 'password'));
      if (!result.ok) return result.problem;
      await navigate({ to: '/' });
    },
    explain: (problem) => {
      const errors = formErrors(problem, { name: 'invitation.error.name', password: 'invitation.error.password' });
      return { ...errors, form: INVITATION_PROBLEMS[problem.status] ?? errors.form };
    },
    values: { min: MIN_PASSWORD_LENGTH },
  });

  return (
    <div className="narrow">
      <Page title={intl.formatMessage({ id: 'invitation.title' })}>
        <p>
          <FormattedMessage id="invitation.intro" />
        </p>
        <form className="form" {...formProps}>
          <FormAlert {...alert} />
          <Field
            label={intl.formatMessage({ id: 'invitation.name' })}
            name="name"
            autoComplete="name"
            required
            error={fieldError('name')}
          />
          <Field
            label={intl.formatMessage({ id: 'invitation.password' })}
            hint={intl.formatMessage({ id: 'invitation.password.hint' }, { min: MIN_PASSWORD_LENGTH })}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            error={fieldError('password')}
          />
          <button type="submit" className="button" disabled={busy}>
            <FormattedMessage id="invitation.submit" />
          </button>
        </form>
      </Page>
    </div>
  );
}
