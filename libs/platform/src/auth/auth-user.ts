export const ROLES = ['admin', 'secretariat', 'member'] as const;
/** The platform-wide role; per-working-group roles live in the forums context. */
export type Role = (typeof ROLES)[number];

/** Who is calling, as carried by a verified access token. */
export interface AuthUser {
  id: string;
  role: Role;
  /** Slug of the user's member city; null for secretariat staff. */
  city: string | null;
  /** The refresh-token family (sign-in session) this access token belongs to. */
  sessionId: string;
}

export const isStaff = (user: AuthUser): boolean => user.role === 'admin' || user.role === 'secretariat';
