/** Domain events this context publishes (after commit). */
export const NetworkEvents = {
  MandateChanged: 'network.mandate-changed',
} as const;

export interface MandateChangedEvent {
  cityId: string;
  role: string;
  scopeRef: string | null;
}
