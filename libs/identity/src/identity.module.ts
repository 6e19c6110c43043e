import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { NetworkModule } from '@agora/network';
import { OutboxEntry } from '@agora/platform';
import { Invitation } from './invitation.entity';
import { InvitationsService } from './invitations.service';
import { RefreshToken } from './refresh-token.entity';
import { SessionsService } from './sessions.service';
import { User } from './user.entity';
import { UsersService } from './users.service';
import { AuthController } from './auth.controller';
import { InvitationsController } from './invitations.controller';

@Module({
  imports: [MikroOrmModule.forFeature([User, RefreshToken, Invitation, OutboxEntry]), NetworkModule],
  providers: [SessionsService, InvitationsService, UsersService],
  exports: [UsersService, SessionsService, InvitationsService],
})
export class IdentityModule {}

/** The HTTP side of the context; the worker imports IdentityModule alone, without routes. */
@Module({
  imports: [IdentityModule],
  controllers: [AuthController, InvitationsController],
})
export class IdentityHttpModule {}
