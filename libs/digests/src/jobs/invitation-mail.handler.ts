import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InvitationsService } from '@agora/identity';
import { mailDomain, mailLayout, MailTransport } from '@agora/mail';
import { Env, escapeHtml, JobName, JobOf, OnJob } from '@agora/platform';

@Injectable()
export class InvitationMailHandler {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly transport: MailTransport,
    private readonly config: ConfigService<Env, true>,
  ) {}

  /**
   * The Message-ID is the invitation's, so a retried job is recognisably the same mail. Once sent,
   * the invitation is marked: a job added again (the outbox relays at least once) sends nothing.
   */
  @OnJob(JobName.InvitationMail)
  async handle(job: JobOf<JobName.InvitationMail>): Promise<'sent' | 'gone'> {
    const invitation = await this.invitations.forMail(job.data.invitationId);
    const link = invitation?.link ?? job.data.link;
    if (!invitation || !link) return 'gone';
    const where = invitation.city ? ` as an officer of ${invitation.city}` : '';
    const subject = `${invitation.inviter} invites you to Agora`;
    const until = invitation.expiresAt.toISOString().slice(0, 10);
    const domain = mailDomain(this.config.get('MAIL_FROM', { infer: true }));
    await this.transport.send({
      to: invitation.email,
      subject,
      messageId: `<invitation-${job.data.invitationId}@${domain}>`,
      text: `${invitation.inviter} invites you to join Agora, the collaboration platform of the network of cities${where}.\n\nAccept the invitation (until ${until}):\n${link}\n`,
      html: mailLayout({
        title: subject,
        preheader: subject,
        body: `<p>${escapeHtml(invitation.inviter)} invites you to join Agora, the collaboration platform of the network of cities${escapeHtml(where)}.</p>
<p><a href="${escapeHtml(link)}" style="display:inline-block;padding:10px 18px;background:#1e3a8a;color:#ffffff;text-decoration:none;border-radius:4px">Accept the invitation</a></p>
<p style="font-size:13px;color:#6b7280">The link works until ${until}.</p>`,
        footer: 'You get this mail because someone at the network invited this address. If it was not meant for you, ignore it.',
      }),
    });
    await this.invitations.markMailed(job.data.invitationId);
    return 'sent';
  }
}
