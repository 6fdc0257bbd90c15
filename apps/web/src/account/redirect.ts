/**
 * Leaving the app for Stripe (Checkout, the billing portal). An object rather than a bare function
 * so component tests can spy on it: jsdom cannot navigate to another origin.
 */
export const browserNavigation = {
  redirectTo(url: string): void {
    window.location.assign(url);
  },
};
