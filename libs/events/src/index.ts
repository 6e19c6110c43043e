export { CalendarEvent } from './calendar-event.entity';
export { CalendarFeedToken } from './calendar-feed-token.entity';
export { Rsvp } from './rsvp.entity';
