/**
 * The shopper's language: Simplified Chinese for a phone whose WeChat speaks any Chinese
 * (zh_CN, zh_HK, zh_TW: we have no traditional texts, and simplified reads better to them than
 * English), English otherwise. Pages put `texts()` into their data (WXML reads `{{t.key}}`, as it
 * cannot call functions); lib code words dynamic strings with `t(key, values)`.
 */
import { en } from './texts/en';
import { zhCN } from './texts/zh-CN';

export type Language = 'zh_CN' | 'en';

/** Every text the mini-program shows; a key missing in one language is a type error there. */
export type TextKey = keyof typeof en;
export type Texts = Record<TextKey, string>;

const DICTIONARIES: Record<Language, Texts> = { zh_CN: zhCN, en };

/** What WeChat reports ("zh_CN", "zh_HK", "en", "en_US") → the language we speak. */
export const languageOf = (reported: string | undefined): Language =>
  /^zh/i.test(reported ?? '') ? 'zh_CN' : 'en';

/** WeChat's own language setting (getAppBaseInfo from base library 2.20.1; older ones have only getSystemInfoSync). */
export const language = (): Language =>
  languageOf(
    (typeof wx.getAppBaseInfo === 'function' ? wx.getAppBaseInfo() : wx.getSystemInfoSync()).language,
  );

/** The whole dictionary in the shopper's language, for a page's data. */
export const texts = (): Texts => DICTIONARIES[language()];

/** One text, its `{name}` placeholders filled in: t('addedProduct', { name: '燕麦奶' }). */
export function t(key: TextKey, values: Record<string, string | number> = {}): string {
  return texts()[key].replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in values ? String(values[name]) : placeholder,
  );
}
