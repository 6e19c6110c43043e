import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { DiscussionsModule } from '@agora/discussions';
import { ForumsModule } from '@agora/forums';
import { IdentityModule } from '@agora/identity';
import { NetworkModule } from '@agora/network';
import { Post } from './post.entity';
import { PostRevision } from './post-revision.entity';
import { PostTranslation } from './post-translation.entity';
import { PostCommentsService } from './post-comments.service';
import { PostsController } from './posts.controller';
import { PostsService } from './posts.service';
import { PostsFeed } from './posts.feed';

@Module({
  imports: [MikroOrmModule.forFeature([Post, PostRevision, PostTranslation]), NetworkModule, IdentityModule, ForumsModule],
  providers: [PostsFeed, PostsService],
  exports: [PostsFeed, PostsService],
})
export class KnowledgeModule {}

/** The HTTP side; the worker imports KnowledgeModule alone, without routes. */
@Module({
  imports: [KnowledgeModule, DiscussionsModule],
  controllers: [PostsController],
  providers: [PostCommentsService],
})
export class KnowledgeHttpModule {}
