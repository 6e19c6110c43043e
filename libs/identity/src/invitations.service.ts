import { BadRequestException, ConflictException, ForbiddenException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from '@mikro-orm/postgresql';
import { AuthUser, Env, OutboxEntry, OutboxTopic, toRef } from '@agora/platform';
import { CitiesService } from '@agora/network';
import { AcceptInvitationDto, CreateInvitationDto, InvitationView, SessionView } from './dto/identity.dto';

import { mayInvite } from './identity.policy';
import { Invitation } from './invitation.entity';
import { hashPassword, invitationKey, invitationToken, sha256 } from './secrets';
import { SessionsService } from './sessions.service';
import { User } from './user.entity';

const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

export interface InvitationMail {
  link: string | null;
  email: string;
  role: string;
  city: string | null;
  inviter: string;
  expiresAt: Date;
}

@Injectable()
export class InvitationsService {
  private readonly logger = new Logger(InvitationsService.name);
  private readonly key: Buffer;

  constructor(
    private readonly em: EntityManager,
    private readonly cities: CitiesService,
    private readonly sessions: SessionsService,
    private readonly config: ConfigService<Env, true>,
  ) {
    this.key = invitationKey(config.get('JWT_SECRET', { infer: true }));
  }

  async invite(inviter: AuthUser, dto: CreateInvitationDto): Promise<InvitationView> {
    if (!mayInvite(inviter, dto.role)) throw new ForbiddenException(`You may not invite a user with role ${dto.role}`);
    if (dto.role === 'member' && !dto.citySlug) {
      throw new BadRequestException('A member works for a member city: give citySlug');
    }
    const city = dto.citySlug ? await this.cities.getBySlug(dto.citySlug) : null;
    if (await this.em.count(User, { email: dto.email.trim().toLowerCase() })) {
      throw new ConflictException('A user with that e-mail exists already');
    }
    const invitation = new Invitation(
      dto.email,
      dto.role,
      city,
      this.em.getReference(User, inviter.id),
      new Date(Date.now() + INVITATION_TTL_MS),
      (id, salt) => invitationToken(this.key, id, salt),
    );
    // The outbox entry commits with the invitation: the mail is sent even if Redis is down now.
    await this.em.persist([invitation, new OutboxEntry(OutboxTopic.InvitationCreated, { invitationId: invitation.id })]).flush();
    // The link is a capability: it goes to the inviter (this response) and the invitee (the mail), never to a log.
    this.logger.log({ invitationId: invitation.id }, 'invitation created');
    const link = this.linkOf(invitation)!;
    return {
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      city: toRef(city),
      expiresAt: invitation.expiresAt.toISOString(),
      link,
    };
  }

  /**
   * What the invitation mail says; null when the invitation is gone, accepted, expired or mailed
   * already. `link` is null for an invitation from before tokens were derived.
   */
  async forMail(id: string): Promise<InvitationMail | null> {
    const invitation = await this.em.findOne(Invitation, { id }, { populate: ['city', 'invitedBy'] });
    if (!invitation || invitation.acceptedAt || invitation.mailedAt || invitation.expiresAt < new Date()) return null;
    return {
      link: this.linkOf(invitation),
      email: invitation.email,
      role: invitation.role,
      city: invitation.city?.name ?? null,
      inviter: invitation.invitedBy.name,
      expiresAt: invitation.expiresAt,
    };
  }

  /** Records that the mail went out (after the SMTP server took it), so that a repeated job sends nothing. */
  async markMailed(id: string): Promise<void> {
    await this.em.nativeUpdate(Invitation, { id, mailedAt: null }, { mailedAt: new Date() });
  }

  private linkOf(invitation: Invitation): string | null {
    if (!invitation.tokenSalt) return null;
    return `${this.config.get('PUBLIC_URL', { infer: true })}/invitations/${invitationToken(this.key, invitation.id, invitation.tokenSalt)}`;
  }

  /** Creates the account and signs it in. The invitation is claimed with a conditional UPDATE: one account per link. */
  async accept(token: string, dto: AcceptInvitationDto): Promise<SessionView> {
    const invitation = await this.em.findOne(Invitation, { tokenHash: sha256(token) }, { populate: ['city'] });
    if (!invitation || invitation.expiresAt < new Date()) throw new NotFoundException('This invitation does not exist or has expired');
    if (invitation.acceptedAt) throw new ConflictException('This invitation has been accepted already');
    if (await this.em.count(User, { email: invitation.email })) throw new ConflictException('A user with that e-mail exists already');

    const user = new User(invitation.email, dto.name.trim(), invitation.role, invitation.city, await hashPassword(dto.password));
    await this.em.transactional(async (em) => {
      const claimed = await em.nativeUpdate(Invitation, { id: invitation.id, acceptedAt: null }, { acceptedAt: new Date() });
      if (claimed === 0) throw new ConflictException('This invitation has been accepted already');
      em.persist(user);
    });
    return this.sessions.start(user);
  }
}
