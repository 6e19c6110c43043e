import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { NetworkModule } from '@agora/network';
import { AuthController } from './auth.controller';
import { Invitation } from './invitation.entity';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { RefreshToken } from './refresh-token.entity';
import { SessionsService } from './sessions.service';
import { User } from './user.entity';
import { UsersService } from './users.service';

@Module({
  imports: [MikroOrmModule.forFeature([User, RefreshToken, Invitation]), NetworkModule],
  controllers: [AuthController, InvitationsController],
  providers: [SessionsService, InvitationsService, UsersService],
  exports: [UsersService, SessionsService],
})
export class IdentityModule {}
