import { Digest, DigestPreference, DigestSubscription } from '@agora/digests';
import { Mention, Message, ReadPosition, Thread } from '@agora/discussions';
import { ForumFollow, Forum, Membership, WorkingGroup } from '@agora/forums';
import { Invitation, RefreshToken, User } from '@agora/identity';
import { City, Mandate, Twinning } from '@agora/network';

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
  DigestPreference,
  DigestSubscription,
  Digest,
];
