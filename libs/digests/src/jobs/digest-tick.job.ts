import { JobName } from '@agora/platform';
import type { DigestFrequency } from '../periods';

/** Payload of JobName.DigestTick: a scheduled tick carries nothing; the operator's catch-up names a frequency. */
export interface DigestTickJobData {
  force?: DigestFrequency;
}

declare module '@agora/platform' {
  interface JobPayloads {
    [JobName.DigestTick]: DigestTickJobData;
  }
}
