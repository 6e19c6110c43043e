/** Facts about the network itself, as published in its statutes. */
export const NETWORK = {
  name: 'Agora Network of Cities',
  founded: 1986,
  secretariat: { city: 'Brussels', country: 'BE' },
};
