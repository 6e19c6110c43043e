export * from './dto/identity.dto';
export * from './identity.events';
export * from './identity.module';
export * from './identity.seeder';
export { User } from './user.entity';
export * from './users.service';
export { RefreshToken } from './refresh-token.entity';
export { Invitation } from './invitation.entity';
export { InvitationMail, InvitationsService } from './invitations.service';
