import { JobName } from '@agora/platform';

/** Payload of JobName.Digest: which digest row to send (ids only). */
export interface DigestJobData {
  userId: string;
  periodKey: string;
}

declare module '@agora/platform' {
  interface JobPayloads {
    [JobName.Digest]: DigestJobData;
  }
}
