import type { Auth } from '../auth/index.js';
import { SignInError } from '../auth/provider.js';
import type { Session } from '../auth/session.js';
import { find, html } from '../dom.js';
import { lang, t } from '../i18n.js';

/** Why signing in failed, in the page's language (the details go to the console). */
export function signInFailure(error: unknown): string {
  console.warn('sign-in failed', error);
  // fetch rejects with a TypeError when the other side cannot be reached at all.
  const reason =
    error instanceof SignInError ? error.reason : error instanceof TypeError ? 'unreachable' : '';
  return `${t('signin.failed')}: ${reason ? t(`signin.${reason}`) : t('problem.unexpected')}`;
}

/**
 * Sign-in. Locally: pick a role (and a name) and the local token issuer signs a token. On AWS: one button
 * to Cognito's hosted UI; the page continues when Cognito sends the browser back.
 */
export function renderSignIn(
  container: HTMLElement,
  auth: Auth,
  message: string,
  signedIn: (session: Session) => void,
): void {
  const notice = message ? html`<p class="problem" role="alert">${message}</p>` : '';
  if (auth.kind === 'cognito') {
    container.innerHTML = html`<div class="signin card">
      <h1 id="signin-heading" tabindex="-1">${t('signin.heading')}</h1>
      ${notice}
      <p>${t('signin.cognitoIntro')}</p>
      <button type="button" class="primary" id="signin-cognito">${t('signin.cognito')}</button>
    </div>`.value;
    find(container, '#signin-cognito').addEventListener('click', () => {
      void auth.signIn(lang());
    });
    find(container, '#signin-heading').focus();
    return;
  }
  container.innerHTML = html`<form class="signin card" id="signin-form" novalidate>
    <h1 id="signin-heading" tabindex="-1">${t('signin.heading')}</h1>
    ${notice}
    <div class="signin-problem"></div>
    <p>${t('signin.localIntro')}</p>
    <fieldset>
      <legend>${t('signin.role')}</legend>
      <label class="choice"><input type="radio" name="role" value="caller" id="signin-role-caller" checked> ${t('role.caller')}</label>
      <label class="choice"><input type="radio" name="role" value="supervisor" id="signin-role-supervisor"> ${t('role.supervisor')}</label>
    </fieldset>
    <div class="field">
      <label for="signin-name">${t('signin.name')}</label>
      <input type="text" id="signin-name" name="name" autocomplete="name" maxlength="100">
    </div>
    <button type="submit" class="primary" id="signin-submit">${t('signin.submit')}</button>
  </form>`.value;
  const form = find<HTMLFormElement>(container, '#signin-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const role = data.get('role') === 'supervisor' ? 'supervisor' : 'caller';
    const name = data.get('name');
    const button = find<HTMLButtonElement>(form, '#signin-submit');
    button.disabled = true;
    auth
      .signIn(role, typeof name === 'string' ? name : '')
      .then(signedIn)
      .catch((error: unknown) => {
        button.disabled = false;
        const slot = find(form, '.signin-problem');
        slot.innerHTML = html`<p class="problem" role="alert">${signInFailure(error)}</p>`.value;
      });
  });
  find(container, '#signin-role-caller').focus();
}
