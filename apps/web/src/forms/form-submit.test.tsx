import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { IntlProvider } from 'react-intl';
import { afterEach, describe, expect, it } from 'vitest';
import type { Problem } from '@agora/contract';
import { Field } from '../components/Field';
import { MESSAGES } from '../i18n/messages';
import { FormAlert, formErrors, useFormSubmit } from './form-submit';

const en = MESSAGES.en;
const problem = (status: number, code: Problem['code'], fields: string[] = []): Problem => ({
  type: 'about:blank',
  title: code,
  detail: code,
  status,
  code,
  ...(fields.length ? { errors: fields.map((field) => ({ field, message: `${field} is invalid` })) } : {}),
});

/** A sign-in-like form whose sending is held until the test settles it. */
function renderForm() {
  let settle: (outcome: Problem | undefined | Error) => void = () => undefined;
  function SignInLike() {
    const { busy, fieldError, alert, formProps } = useFormSubmit({
      send: () =>
        new Promise<Problem | undefined>((resolve, reject) => {
          settle = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
        }),
      explain: (refusal) => formErrors(refusal, { email: 'signIn.error.email' }),
    });
    return (
      <form {...formProps}>
        <FormAlert {...alert} />
        <Field label="Email" name="email" error={fieldError('email')} />
        <button type="submit" disabled={busy}>
          Send
        </button>
      </form>
    );
  }
  render(
    <IntlProvider locale="en" messages={en}>
      <SignInLike />
    </IntlProvider>,
  );
  const submit = async () => userEvent.click(screen.getByRole('button', { name: 'Send' }));
  const answer = (outcome: Problem | undefined | Error) =>
    act(async () => {
      settle(outcome);
      await Promise.resolve();
    });
  return { submit, answer };
}

afterEach(cleanup);

describe('useFormSubmit', () => {
  it('disables the button while sending, and ties a refused field’s message to the field', async () => {
    const form = renderForm();
    await form.submit();
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
    await form.answer(problem(400, 'validation-failed', ['email']));
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', false);
    expect(screen.getByRole('textbox', { name: 'Email' }).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(en['signIn.error.email'])).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('announces a problem of the whole form, which describes the form, and clears it after a success', async () => {
    const form = renderForm();
    await form.submit();
    await form.answer(problem(429, 'rate-limited'));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe(en['problem.rate-limited']);
    expect(document.querySelector('form')?.getAttribute('aria-describedby')).toBe(alert.id);
    await form.submit();
    await form.answer(undefined);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.querySelector('form')?.hasAttribute('aria-describedby')).toBe(false);
  });

  it('says the network failed when sending throws, and lets the user try again', async () => {
    const form = renderForm();
    await form.submit();
    await form.answer(new TypeError('Failed to fetch'));
    expect(screen.getByRole('alert').textContent).toBe(en['problem.unavailable']);
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', false);
  });
});
