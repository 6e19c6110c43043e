import { escapeHtml, sanitize } from '@agora/platform';

/** `@**Full Name**` mentions a user (Zulip's syntax: names may contain spaces). */
const MENTION_SOURCE = /@\*\*([^*\n]{1,120})\*\*/g;

export function mentionedNames(markdown: string): string[] {
  return [...new Set([...markdown.matchAll(MENTION_SOURCE)].map((match) => match[1].trim()))];
}

/**
 * markdown-it renders `@**Giulia Rossi**` as `@<strong>Giulia Rossi</strong>`; a resolved one
 * becomes `<span class="mention" data-user-id="...">@Giulia Rossi</span>`.
 */
export function linkMentions(html: string, users: { id: string; name: string }[]): string {
  let linked = html;
  for (const user of users) {
    // The name as the sanitizer writes text (it escapes & < > but leaves quotes), so that it is found.
    const shown = sanitize(escapeHtml(user.name));
    const pattern = new RegExp(`@<strong>${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</strong>`, 'gi');
    linked = linked.replace(pattern, `<span class="mention" data-user-id="${user.id}">@${shown}</span>`);
  }
  return linked;
}
