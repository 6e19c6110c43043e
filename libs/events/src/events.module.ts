import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { ForumsModule } from '@agora/forums';
import { IdentityModule } from '@agora/identity';
import { NetworkModule } from '@agora/network';
import { CalendarEvent } from './calendar-event.entity';
import { CalendarFeedController } from './calendar-feed.controller';
import { CalendarFeedToken } from './calendar-feed-token.entity';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { Rsvp } from './rsvp.entity';

@Module({
  imports: [MikroOrmModule.forFeature([CalendarEvent, Rsvp, CalendarFeedToken]), NetworkModule, IdentityModule, ForumsModule],
  controllers: [EventsController, CalendarFeedController],
  providers: [EventsService],
  exports: [EventsService],
})
export class EventsModule {}
