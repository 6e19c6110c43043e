import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, AuthThrottled, AuthUser, CurrentUser, Public, Roles } from '@agora/platform';
import { AcceptInvitationDto, CreateInvitationDto, InvitationView, SessionView } from './dto/identity.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('identity')
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'Invite someone; they get a mail with a link (admin, secretariat)' })
  @ApiCreatedResponse({ type: InvitationView })
  @ApiProblems(403, 409)
  invite(@CurrentUser() user: AuthUser, @Body() dto: CreateInvitationDto): Promise<InvitationView> {
    return this.invitations.invite(user, dto);
  }

  @Post(':token/accept')
  @Public()
  @AuthThrottled()
  @ApiOperation({ summary: 'Accept an invitation: creates the account and signs it in' })
  @ApiCreatedResponse({ type: SessionView })
  @ApiProblems(409)
  accept(@Param('token') token: string, @Body() dto: AcceptInvitationDto): Promise<SessionView> {
    return this.invitations.accept(token, dto);
  }
}
