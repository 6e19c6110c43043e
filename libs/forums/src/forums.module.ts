import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { IdentityModule } from '@agora/identity';
import { NetworkModule } from '@agora/network';
import { ForumFollow } from './forum-follow.entity';
import { Forum } from './forum.entity';
import { ForumsService } from './forums.service';
import { Membership } from './membership.entity';
import { WorkingGroup } from './working-group.entity';
import { WorkingGroupsService } from './working-groups.service';
import { ForumsController } from './forums.controller';
import { WorkingGroupsController } from './working-groups.controller';

@Module({
  imports: [MikroOrmModule.forFeature([Forum, WorkingGroup, Membership, ForumFollow]), NetworkModule, IdentityModule],
  providers: [ForumsService, WorkingGroupsService],
  exports: [ForumsService, WorkingGroupsService],
})
export class ForumsModule {}

/** The HTTP side of the context; the worker imports ForumsModule alone, without routes. */
@Module({
  imports: [ForumsModule],
  controllers: [ForumsController, WorkingGroupsController],
})
export class ForumsHttpModule {}
