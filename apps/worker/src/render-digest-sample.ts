import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DigestContent, renderDigest } from '@agora/digests';

/**
 * `npm run digest:sample`: renders a made-up digest to var/digest-sample.html and .txt, so that
 * a person can look at the mail (in a browser, or pasted into a mail client) without sending one.
 */
const content: DigestContent = {
  userId: 'sample',
  name: 'Giulia Rossi',
  email: 'officer.bologna@agora.test',
  kind: 'weekly',
  since: new Date('2026-11-23T07:00:00Z'),
  until: new Date('2026-11-30T07:00:00Z'),
  mentions: [
    {
      threadId: '01a2194f-0000-7000-8000-000000000001',
      threadTitle: 'Low-emission zones: enforcement costs',
      author: 'Jonas Weber',
      excerpt: '@Giulia Rossi how did Bologna budget the camera network in the first year?',
    },
  ],
  threads: [
    {
      threadId: '01a2194f-0000-7000-8000-000000000002',
      title: 'Cargo bikes for city logistics',
      where: 'Mobility',
      newMessages: 14,
      unread: 9,
      latestAuthor: 'Anna Lindqvist',
      excerpt: 'Malmö pays a subsidy of 30% up to 1,000 EUR; uptake doubled in a year.',
    },
    {
      threadId: '01a2194f-0000-7000-8000-000000000003',
      title: 'Night museums: staffing',
      where: 'Culture · Museums after dark',
      newMessages: 5,
      unread: 5,
      latestAuthor: 'Sofie Secretariat',
      excerpt: 'The AGM agenda now has a slot for this; send your figures by Friday.',
    },
  ],
  posts: [
    {
      postId: '01a2194f-0000-7000-8000-000000000004',
      title: 'Superblocks in practice',
      summary: 'What Barcelona learnt from five neighbourhoods, with costs and traffic counts.',
      where: 'Mobility · Barcelona',
    },
  ],
  offers: [
    {
      offerId: '01a2194f-0000-7000-8000-000000000005',
      topic: 'Open data portal operations',
      hostCity: 'Helsinki',
      deadline: '2026-12-15',
      placesLeft: 2,
    },
  ],
  events: [
    {
      eventId: '01a2194f-0000-7000-8000-000000000006',
      title: 'Mobility Forum meeting',
      startsAt: new Date('2026-12-03T09:00:00Z'),
      place: 'Ghent',
      rsvp: 'going',
    },
  ],
};

const rendered = renderDigest(content, 'en', {
  publicUrl: 'http://localhost:3000',
  unsubscribeUrl: 'http://localhost:3000/api/unsubscribe?token=sample',
});
mkdirSync('var', { recursive: true });
writeFileSync(join('var', 'digest-sample.html'), rendered.html);
writeFileSync(join('var', 'digest-sample.txt'), `Subject: ${rendered.subject}\n\n${rendered.text}\n`);
process.stdout.write(`wrote var/digest-sample.html and var/digest-sample.txt (${rendered.subject})\n`);
