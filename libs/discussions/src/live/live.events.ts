/**
 * The socket.io contract of namespace `/live` lives in `@agora/contract` (the web client imports
 * it without server code); re-exported here so the gateway and the tests keep their imports.
 */
export {
  LIVE_NAMESPACE,
  ThreadFeed,
  threadRoom,
  userRoom,
  type Ack,
  type AckError,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@agora/contract';
