import { mailLayout } from '@agora/mail';
import { escapeHtml } from '@agora/platform';
import type { DigestLanguage } from './digest-preference.entity';
import { DigestContent } from './digest.content';
import { dictionary } from './digest.i18n';

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

export interface DigestLinks {
  publicUrl: string;
  unsubscribeUrl: string;
}

/** The digest as a responsive HTML mail (table layout, inline styles) and its plain-text twin. */
export function renderDigest(content: DigestContent, language: DigestLanguage, links: DigestLinks): RenderedDigest {
  const t = dictionary(language);
  const threadUrl = (id: string) => `${links.publicUrl}/threads/${id}`;
  const settingsUrl = `${links.publicUrl}/settings/digest`;
  const subject = t.subject(content.kind, {
    threads: content.threads.length,
    mentions: content.mentions.length,
    posts: content.posts.length,
    offers: content.offers.length,
  });
  const url = (path: string) => `${links.publicUrl}/${path}`;

  const sections: string[] = [];
  const text: string[] = [t.greeting(content.name), '', t.intro(content.kind), ''];
  if (content.mentions.length) {
    sections.push(
      heading(t.mentionsHeading) +
        content.mentions.map((m) => item(t.mentionedBy(m.author, m.threadTitle), m.excerpt, threadUrl(m.threadId), t.open)).join(''),
    );
    text.push(
      `== ${t.mentionsHeading} ==`,
      ...content.mentions.flatMap((m) => [`* ${t.mentionedBy(m.author, m.threadTitle)}`, `  ${m.excerpt}`, `  ${threadUrl(m.threadId)}`]),
      '',
    );
  }
  if (content.threads.length) {
    sections.push(
      heading(t.threadsHeading) +
        content.threads
          .map((th) =>
            item(
              `${th.title} — ${th.where}`,
              `${t.threadLine(th.newMessages, th.unread)} · ${th.latestAuthor}: ${th.excerpt}`,
              threadUrl(th.threadId),
              t.open,
            ),
          )
          .join(''),
    );
    text.push(
      `== ${t.threadsHeading} ==`,
      ...content.threads.flatMap((th) => [
        `* ${th.title} (${th.where}): ${t.threadLine(th.newMessages, th.unread)}`,
        `  ${th.latestAuthor}: ${th.excerpt}`,
        `  ${threadUrl(th.threadId)}`,
      ]),
      '',
    );
  }
  const more: [string, { title: string; detail: string; link: string }[]][] = [
    [t.postsHeading, content.posts.map((p) => ({ title: `${p.title} — ${p.where}`, detail: p.summary, link: url(`posts/${p.postId}`) }))],
    [
      t.offersHeading,
      content.offers.map((o) => ({
        title: o.topic,
        detail: t.offerLine(o.hostCity, o.deadline, o.placesLeft),
        link: url(`exchanges/${o.offerId}`),
      })),
    ],
    [
      t.eventsHeading,
      content.events.map((e) => ({
        title: e.title,
        detail: t.eventLine(e.startsAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC', e.place, e.rsvp),
        link: url(`events/${e.eventId}`),
      })),
    ],
  ];
  for (const [title, items] of more.filter(([, list]) => list.length)) {
    sections.push(heading(title) + items.map((i) => item(i.title, i.detail, i.link, t.open)).join(''));
    text.push(`== ${title} ==`, ...items.flatMap((i) => [`* ${i.title}`, `  ${i.detail}`, `  ${i.link}`]), '');
  }
  text.push('--', t.footer, `${t.preferences}: ${settingsUrl}`, `${t.unsubscribe}: ${links.unsubscribeUrl}`);

  const html = mailLayout({
    title: subject,
    preheader: subject,
    body: `<p style="margin:0 0 12px">${escapeHtml(t.greeting(content.name))}</p><p style="margin:0 0 20px">${escapeHtml(t.intro(content.kind))}</p>${sections.join('')}`,
    footer: `${escapeHtml(t.footer)}<br><a href="${escapeHtml(settingsUrl)}" style="color:#1e3a8a">${escapeHtml(t.preferences)}</a> · <a href="${escapeHtml(links.unsubscribeUrl)}" style="color:#1e3a8a">${escapeHtml(t.unsubscribe)}</a>`,
  });
  return { subject, html, text: text.join('\n') };
}

function heading(text: string): string {
  return `<h2 style="font-size:17px;margin:24px 0 8px;color:#1e3a8a">${escapeHtml(text)}</h2>`;
}

function item(title: string, detail: string, url: string, open: string): string {
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:0 0 12px;border-left:3px solid #93c5fd"><tr><td style="padding:4px 12px">
<div style="font-weight:bold">${escapeHtml(title)}</div>
<div style="color:#374151;font-size:14px">${escapeHtml(detail)}</div>
<div><a href="${escapeHtml(url)}" style="color:#1e3a8a;font-size:14px">${escapeHtml(open)} →</a></div>
</td></tr></table>`;
}
