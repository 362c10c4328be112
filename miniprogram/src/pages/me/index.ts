/**
 * Me: my member card (number, my name, tier, points, what the next tier needs, my birthday), my coupons, my referral
 * code to share (friends open `pages/index/index?ref=<code>`), claiming the card the tills gave me,
 * and my consents, revocable at once.
 */
import { api, type Membership, type MyCoupon, type Referral } from '../../lib/api';
import { config } from '../../lib/config';
import { couponLabel } from '../../lib/coupons';
import { confirmed, showError } from '../../lib/feedback';
import { localDate } from '../../lib/format';
import { type TextKey, type Texts, t } from '../../lib/i18n';
import { pageTexts } from '../../lib/page-texts';
import type { Purpose } from '../../lib/session';

interface CardView {
  memberNo: string;
  /** As I gave it; empty until then. */
  name: string;
  tier: string;
  points: number;
  next: string;
  /** "3月15日" once given; empty until then, when the card offers to set it. */
  birthday: string;
  recent: { reason: string; note: string; points: string; date: string }[];
}

/**
 * A points line in the shopper's words, by its kind: the server's reason for an order's points is a note
 * for staff, in English; a staff member's adjustment is explained in their own words, shown beneath.
 */
const POINTS_KINDS: Record<Membership['recent_points'][number]['kind'], TextKey> = {
  earn: 'pointsEarned',
  reverse: 'pointsReversed',
  adjust: 'pointsAdjusted',
  import: 'pointsImported',
};

/** MM-DD as the phone's language writes a day of the year. */
const birthdayLabel = (birthday: string) => {
  const [month, day] = birthday.split('-').map(Number) as [number, number];
  return t('birthdayOn', { month, day });
};

const card = (m: Membership): CardView => ({
  memberNo: m.member_no,
  name: m.name ?? '',
  tier: m.tier?.name ?? t('member'),
  points: m.points_balance,
  next: m.next_tier
    ? t('pointsToNextTier', { points: m.next_tier.points_needed, tier: m.next_tier.name })
    : '',
  birthday: m.birthday ? birthdayLabel(m.birthday) : '',
  recent: m.recent_points.slice(0, 5).map((p) => ({
    reason: t(POINTS_KINDS[p.kind]),
    note: p.kind === 'adjust' ? (p.reason ?? '') : '',
    points: `${p.points > 0 ? '+' : ''}${p.points}`,
    date: localDate(p.created_at),
  })),
});

interface CouponView {
  code: string;
  label: string;
  /** "until 2026-11-28", "used 2026-11-27", "expired 2026-11-26". */
  when: string;
}

/** Used and expired coupons shown below the usable ones: the latest few, as a receipt, not an archive. */
const PAST_SHOWN = 5;

const couponView = (c: MyCoupon): CouponView => ({
  code: c.code,
  label: couponLabel(c),
  when:
    c.state === 'used'
      ? t('couponUsedOn', { date: localDate(c.redeemed_at!) })
      : t(c.state === 'expired' ? 'couponExpiredOn' : 'couponUntil', { date: localDate(c.valid_until) }),
});

interface ReferralView {
  code: string;
  friends: string;
  reward: string;
  active: boolean;
}

const referralView = (r: Referral): ReferralView => ({
  code: r.code,
  friends: t('friendsJoined', { joined: r.friends_joined, shopped: r.friends_rewarded }),
  reward: t('referralReward', { mine: r.program.referrer_points, theirs: r.program.friend_points }),
  active: r.program.active,
});

Page({
  data: {
    t: {} as Texts,
    card: null as CardView | null,
    coupons: [] as CouponView[],
    pastCoupons: [] as CouponView[],
    referral: null as ReferralView | null,
    tracking: false,
    marketing: false,
    memberNo: '',
    error: '',
  },
  sharePath: '',

  onLoad() {
    this.setData({ t: pageTexts('titleMe', { tabBar: true }) });
  },

  onShow() {
    this.load();
  },

  async load() {
    try {
      const [membership, referral, consents, coupons] = await Promise.all([
        api.membership(),
        api.referral(),
        api.consents(),
        api.coupons(),
      ]);
      this.sharePath = referral.share_path;
      const granted = (purpose: Purpose) => consents.some((c) => c.purpose === purpose && c.granted);
      this.setData({
        card: card(membership),
        referral: referralView(referral),
        coupons: coupons.filter((c) => c.state === 'usable').map(couponView),
        pastCoupons: coupons
          .filter((c) => c.state !== 'usable')
          .slice(0, PAST_SHOWN)
          .map(couponView),
        tracking: granted('location_tracking'),
        marketing: granted('location_marketing'),
        error: '',
      });
    } catch (error) {
      this.setData({ error: showError(error) });
    }
  },

  async setConsent(purpose: Purpose, granted: boolean) {
    try {
      await api.setConsent(purpose, granted, config.policyVersion);
      const consents = await api.consents();
      const state = (p: Purpose) => consents.some((c) => c.purpose === p && c.granted);
      this.setData({ tracking: state('location_tracking'), marketing: state('location_marketing') });
    } catch (error) {
      this.setData({ error: showError(error) });
    }
  },

  onTracking(e: { detail: { value: boolean } }) {
    this.setConsent('location_tracking', e.detail.value);
  },

  onMarketing(e: { detail: { value: boolean } }) {
    this.setConsent('location_marketing', e.detail.value);
  },

  onMemberNo(e: { detail: { value: string } }) {
    this.setData({ memberNo: e.detail.value });
  },

  /** The getPhoneNumber button's answer: WeChat's code for the phone it vouches for. */
  async claimCard(e: { detail: { code?: string; errMsg: string } }) {
    if (!e.detail.code) return;
    try {
      const membership = await api.claimCard(this.data.memberNo.trim(), e.detail.code);
      this.setData({ card: card(membership), memberNo: '', error: '' });
      wx.showToast({ title: t('cardAdded'), icon: 'success' });
    } catch (error) {
      this.setData({ error: showError(error) });
    }
  },

  /** The name field's answer (the keyboard's Done, or leaving the field): saved when changed; empty clears it. */
  async onName(e: { detail: { value: string } }) {
    const name = e.detail.value.trim();
    if (!this.data.card || name === this.data.card.name) return;
    try {
      this.setData({ card: card(await api.setName(name)), error: '' });
      wx.showToast({ title: t(name ? 'nameSaved' : 'nameCleared'), icon: 'success' });
    } catch (error) {
      this.setData({ error: showError(error) });
    }
  },

  /**
   * The date picker's answer, in the year 2000 it is held to (a leap year: 29 February can be
   * chosen): only month and day are kept. Asked once more, as the shopper cannot change it later.
   */
  async onBirthday(e: { detail: { value: string } }) {
    const birthday = e.detail.value.slice(5);
    if (!(await confirmed(t('birthdayConfirmTitle'), t('birthdayConfirm', { day: birthdayLabel(birthday) }))))
      return;
    try {
      this.setData({ card: card(await api.setBirthday(birthday)), error: '' });
      wx.showToast({ title: t('birthdaySaved'), icon: 'success' });
    } catch (error) {
      this.setData({ error: showError(error) });
    }
  },

  openAppointments() {
    wx.navigateTo({ url: '/pages/appointments/index' });
  },

  openAddresses() {
    wx.navigateTo({ url: '/pages/addresses/index' });
  },

  copyReferral() {
    if (this.data.referral) wx.setClipboardData({ data: this.data.referral.code });
  },

  onShareAppMessage(): { title: string; path: string } {
    return { title: t('shareTitle'), path: `/${this.sharePath.replace(/^\//, '')}` };
  },
});
