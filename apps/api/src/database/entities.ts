import { Digest, DigestPreference, DigestSubscription } from '@agora/digests';
import { Mention, Message, ReadPosition, Thread } from '@agora/discussions';
import { CalendarEvent, CalendarFeedToken, Rsvp } from '@agora/events';
import { ExchangeApplication, ExchangeOffer } from '@agora/exchanges';
import { ForumFollow, Forum, Membership, WorkingGroup } from '@agora/forums';
import { Invitation, RefreshToken, User } from '@agora/identity';
import { Post, PostRevision, PostTranslation } from '@agora/knowledge';
import { City, Mandate, Twinning } from '@agora/network';
import { OutboxEntry } from '@agora/platform';

/** Every entity of every context: what the migrations describe. */
export const ALL_ENTITIES = [
  City,
  Twinning,
  Mandate,
  User,
  RefreshToken,
  Invitation,
  Forum,
  WorkingGroup,
  Membership,
  ForumFollow,
  Thread,
  Message,
  Mention,
  ReadPosition,
  Post,
  PostRevision,
  PostTranslation,
  ExchangeOffer,
  ExchangeApplication,
  CalendarEvent,
  Rsvp,
  CalendarFeedToken,
  DigestPreference,
  DigestSubscription,
  Digest,
  OutboxEntry,
];
