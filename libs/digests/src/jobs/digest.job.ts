/** Payload of JobName.Digest: which digest row to send (ids only). */
export interface DigestJobData {
  userId: string;
  periodKey: string;
}
