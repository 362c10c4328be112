/**
 * The app: nothing global beyond signing in early, so the first page's calls find a session, and
 * bringing the cart in line with the server's each time it comes to the front.
 * A shared link's `ref` (a friend's referral code) is handled by the page it opens.
 */
import { syncCart } from './lib/cart';
import { ensureSession } from './lib/session';

App({
  globalData: {},
  onLaunch() {
    // Failing here is fine: every API call signs in again when it needs to, and says why it cannot.
    ensureSession().catch(() => undefined);
  },
  onShow() {
    // The cart as the shopper last left it, on this phone or another; offline, the phone's stands.
    syncCart().catch(() => undefined);
  },
});
