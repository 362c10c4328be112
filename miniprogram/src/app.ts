/**
 * The app: nothing global beyond signing in early, so the first page's calls find a session.
 * A shared link's `ref` (a friend's referral code) is handled by the page it opens.
 */
import { ensureSession } from './lib/session';

App({
  globalData: {},
  onLaunch() {
    // Failing here is fine: every API call signs in again when it needs to, and says why it cannot.
    ensureSession().catch(() => undefined);
  },
});
