import { AuthUser, isStaff } from '@agora/platform';

/** Who may do what with staff exchanges, in one place. Cities are compared by slug. */
export const ExchangesPolicy = {
  /** Officers offer placements in their own city; the staff for any city. */
  canOffer(user: AuthUser, hostCity: string): boolean {
    return isStaff(user) || user.city === hostCity;
  },

  /** Officers of the other member cities apply (the staff and the host's own officers do not). */
  canApply(user: AuthUser, hostCity: string): boolean {
    return user.city !== null && user.city !== hostCity;
  },

  /** The host city's officers and the staff accept or decline, and see every application. */
  canDecide(user: AuthUser, hostCity: string): boolean {
    return isStaff(user) || user.city === hostCity;
  },

  canWithdraw(user: AuthUser, applicantId: string): boolean {
    return user.id === applicantId;
  },
};
