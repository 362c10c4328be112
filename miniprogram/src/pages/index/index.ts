/**
 * Stores near me (the app's first page, and where a friend's shared link lands with `?ref=`):
 * the brand's stores nearest the phone, open or closed now and today's hours, and the consent sheet
 * the first time.
 */

import { api, type NearbyStore } from '../../lib/api';
import { config } from '../../lib/config';
import { messageOf, showError } from '../../lib/feedback';
import { distance, hoursToday, openingLine, serviceNames } from '../../lib/format';
import { type Texts, t } from '../../lib/i18n';
import { phoneLocation } from '../../lib/location';
import { pageTexts } from '../../lib/page-texts';

interface StoreRow {
  id: string;
  name: string;
  address: string;
  distance: string;
  opening: string;
  hoursToday: string;
  open: boolean;
  services: string[];
}

const row = (s: NearbyStore): StoreRow => ({
  id: s.id,
  name: s.name,
  address: s.address,
  distance: distance(s.distance_m),
  opening: openingLine(s),
  hoursToday: hoursToday(s),
  open: s.open_now,
  services: serviceNames(s.services),
});

Page({
  data: {
    t: {} as Texts,
    stores: [] as StoreRow[],
    loading: true,
    error: '',
    /** A friend's code this page was opened with, once joined. */
    joined: '',
    askConsent: false,
    tracking: true,
    marketing: true,
  },

  async onLoad(query) {
    this.setData({ t: pageTexts('titleStores', { tabBar: true }) });
    if (query.ref) await this.joinWithFriend(query.ref);
    await Promise.all([this.checkConsent(), this.findStores()]);
  },

  async joinWithFriend(code: string) {
    try {
      await api.joinWithCode(code);
      this.setData({ joined: t('joinedWithFriend') });
    } catch (error) {
      // An existing shopper opening a friend's link is not an error worth a dialog.
      this.setData({ joined: messageOf(error) });
    }
  },

  async checkConsent() {
    try {
      const consents = await api.consents();
      const tracking = consents.find((c) => c.purpose === 'location_tracking');
      this.setData({ askConsent: !tracking?.recorded_at });
    } catch (error) {
      this.setData({ error: messageOf(error) });
    }
  },

  async findStores() {
    this.setData({ loading: true, error: '' });
    try {
      const { latitude, longitude } = await phoneLocation(t('locationForStores'));
      const stores = await api.nearbyStores(latitude, longitude, config.tenant);
      this.setData({ stores: stores.map(row), loading: false });
    } catch (error) {
      this.setData({ loading: false, error: showError(error) });
    }
  },

  onTracking(e: { detail: { value: boolean } }) {
    this.setData({ tracking: e.detail.value, marketing: e.detail.value && this.data.marketing });
  },

  onMarketing(e: { detail: { value: boolean } }) {
    this.setData({ marketing: e.detail.value && this.data.tracking });
  },

  async saveConsent() {
    try {
      await api.setConsent('location_tracking', this.data.tracking, config.policyVersion);
      await api.setConsent('location_marketing', this.data.marketing, config.policyVersion);
      this.setData({ askConsent: false });
    } catch (error) {
      this.setData({ error: showError(error) });
    }
  },

  openStore(e: { currentTarget: { dataset: { id: string } } }) {
    wx.navigateTo({ url: `/pages/store/index?id=${e.currentTarget.dataset.id}` });
  },
});
