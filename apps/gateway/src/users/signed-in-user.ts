/** The caller of an authenticated request, as the auth guard resolved it. */
export interface SignedInUser {
  id: string;
  uid: string;
  email: string;
  tier: 'free' | 'premium' | 'ultimate';
  /** May use the admin routes (see UsersService.signIn for who is). */
  isAdmin: boolean;
}
