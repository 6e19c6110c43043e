import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { IdentityModule } from '@agora/identity';
import { NetworkModule } from '@agora/network';
import { ForumFollow } from './forum-follow.entity';
import { Forum } from './forum.entity';
import { ForumsController } from './forums.controller';
import { ForumsService } from './forums.service';
import { Membership } from './membership.entity';
import { WorkingGroup } from './working-group.entity';
import { WorkingGroupsController } from './working-groups.controller';
import { WorkingGroupsService } from './working-groups.service';

@Module({
  imports: [MikroOrmModule.forFeature([Forum, WorkingGroup, Membership, ForumFollow]), NetworkModule, IdentityModule],
  controllers: [ForumsController, WorkingGroupsController],
  providers: [ForumsService, WorkingGroupsService],
  exports: [ForumsService, WorkingGroupsService],
})
export class ForumsModule {}
