/**
 * A page's words as it loads: its navigation bar title and (on the tab pages) the tab bar in the
 * shopper's language, and the texts its WXML reads as `{{t.key}}`. app.json and the pages' json
 * carry the Chinese (static, what WeChat shows before a script runs); this sets either language.
 */
import { type TextKey, type Texts, t, texts } from './i18n';

/** In app.json's tabBar order. */
const TABS: TextKey[] = ['tabStores', 'tabOffers', 'tabOrders', 'tabMe'];

export function pageTexts(title: TextKey, options: { tabBar?: boolean } = {}): Texts {
  wx.setNavigationBarTitle({ title: t(title) });
  // Only a tab page may set the tab bar (WeChat refuses elsewhere); the texts stay once set.
  if (options.tabBar) {
    TABS.forEach((key, index) => {
      wx.setTabBarItem({ index, text: t(key) });
    });
  }
  return texts();
}
