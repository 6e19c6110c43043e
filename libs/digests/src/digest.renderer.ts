import { mailLayout } from '@agora/mail';
import { escapeHtml } from '@agora/platform';
import type { DigestLanguage } from './digest-preference.entity';
import { DigestContent, EventItem, MentionItem, OfferItem, PostItem, ThreadItem } from './digest.content';
import { DigestDictionary, dictionary } from './digest.i18n';

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

export interface DigestLinks {
  publicUrl: string;
  unsubscribeUrl: string;
}

/** One line of a section; `plain` where the text mail words it otherwise than the HTML one. */
export interface DigestEntry {
  title: string;
  detail: string;
  link: string;
  plain?: { title: string; detail: string };
}

/** A heading and its entries; a section with no entries is left out of the mail. */
export interface DigestSection {
  heading: string;
  entries: DigestEntry[];
}

/** The digest as a responsive HTML mail (table layout, inline styles) and its plain-text twin. */
export function renderDigest(content: DigestContent, language: DigestLanguage, links: DigestLinks): RenderedDigest {
  const t = dictionary(language);
  const subject = subjectOf(content, t);
  const sections = sectionsOf(content, t, links.publicUrl);
  return { subject, html: htmlMail(content, subject, sections, t, links), text: textMail(content, sections, t, links) };
}

export function subjectOf(content: DigestContent, t: DigestDictionary): string {
  const { threads, mentions, posts, offers } = content;
  return t.subject(content.kind, { threads: threads.length, mentions: mentions.length, posts: posts.length, offers: offers.length });
}

/** Mentions first, then threads, best practices, exchange offers and events: the mail's order. */
export function sectionsOf(content: DigestContent, t: DigestDictionary, publicUrl: string): DigestSection[] {
  const link = (path: string) => `${publicUrl}/${path}`;
  const sections: DigestSection[] = [
    { heading: t.mentionsHeading, entries: content.mentions.map((mention) => mentionEntry(mention, t, link)) },
    { heading: t.threadsHeading, entries: content.threads.map((thread) => threadEntry(thread, t, link)) },
    { heading: t.postsHeading, entries: content.posts.map((post) => postEntry(post, link)) },
    { heading: t.offersHeading, entries: content.offers.map((offer) => offerEntry(offer, t, link)) },
    { heading: t.eventsHeading, entries: content.events.map((event) => eventEntry(event, t, link)) },
  ];
  return sections.filter((section) => section.entries.length);
}

type Link = (path: string) => string;

function mentionEntry(mention: MentionItem, t: DigestDictionary, link: Link): DigestEntry {
  return { title: t.mentionedBy(mention.author, mention.threadTitle), detail: mention.excerpt, link: link(`threads/${mention.threadId}`) };
}

function threadEntry(thread: ThreadItem, t: DigestDictionary, link: Link): DigestEntry {
  const activity = t.threadLine(thread.newMessages, thread.unread);
  const latest = `${thread.latestAuthor}: ${thread.excerpt}`;
  return {
    title: `${thread.title} — ${thread.where}`,
    detail: `${activity} · ${latest}`,
    link: link(`threads/${thread.threadId}`),
    plain: { title: `${thread.title} (${thread.where}): ${activity}`, detail: latest },
  };
}

function postEntry(post: PostItem, link: Link): DigestEntry {
  return { title: `${post.title} — ${post.where}`, detail: post.summary, link: link(`posts/${post.postId}`) };
}

function offerEntry(offer: OfferItem, t: DigestDictionary, link: Link): DigestEntry {
  return {
    title: offer.topic,
    detail: t.offerLine(offer.hostCity, offer.deadline, offer.placesLeft),
    link: link(`exchanges/${offer.offerId}`),
  };
}

function eventEntry(event: EventItem, t: DigestDictionary, link: Link): DigestEntry {
  const when = `${event.startsAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return { title: event.title, detail: t.eventLine(when, event.place, event.rsvp), link: link(`events/${event.eventId}`) };
}

export function htmlMail(
  content: DigestContent,
  subject: string,
  sections: DigestSection[],
  t: DigestDictionary,
  links: DigestLinks,
): string {
  const settingsUrl = settingsUrlOf(links);
  const greeting = `<p style="margin:0 0 12px">${escapeHtml(t.greeting(content.name))}</p><p style="margin:0 0 20px">${escapeHtml(t.intro(content.kind))}</p>`;
  const body = sections.map((section) => htmlHeading(section.heading) + section.entries.map((entry) => htmlEntry(entry, t.open)).join(''));
  return mailLayout({
    title: subject,
    preheader: subject,
    body: greeting + body.join(''),
    footer: `${escapeHtml(t.footer)}<br><a href="${escapeHtml(settingsUrl)}" style="color:#1e3a8a">${escapeHtml(t.preferences)}</a> · <a href="${escapeHtml(links.unsubscribeUrl)}" style="color:#1e3a8a">${escapeHtml(t.unsubscribe)}</a>`,
  });
}

export function textMail(content: DigestContent, sections: DigestSection[], t: DigestDictionary, links: DigestLinks): string {
  const body = sections.flatMap((section) => [`== ${section.heading} ==`, ...section.entries.flatMap(textEntry), '']);
  const footer = ['--', t.footer, `${t.preferences}: ${settingsUrlOf(links)}`, `${t.unsubscribe}: ${links.unsubscribeUrl}`];
  return [t.greeting(content.name), '', t.intro(content.kind), '', ...body, ...footer].join('\n');
}

const settingsUrlOf = (links: DigestLinks) => `${links.publicUrl}/settings/digest`;

function textEntry(entry: DigestEntry): string[] {
  const { title, detail } = entry.plain ?? entry;
  return [`* ${title}`, `  ${detail}`, `  ${entry.link}`];
}

function htmlHeading(text: string): string {
  return `<h2 style="font-size:17px;margin:24px 0 8px;color:#1e3a8a">${escapeHtml(text)}</h2>`;
}

function htmlEntry(entry: DigestEntry, open: string): string {
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:0 0 12px;border-left:3px solid #93c5fd"><tr><td style="padding:4px 12px">
<div style="font-weight:bold">${escapeHtml(entry.title)}</div>
<div style="color:#374151;font-size:14px">${escapeHtml(entry.detail)}</div>
<div><a href="${escapeHtml(entry.link)}" style="color:#1e3a8a;font-size:14px">${escapeHtml(open)} →</a></div>
</td></tr></table>`;
}
