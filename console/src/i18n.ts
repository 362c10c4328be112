/**
 * The console's languages: English and Simplified Chinese for the store staff in China. The staff
 * member picks one in the header; the choice is kept in this browser, and until then a browser set to
 * Chinese gets Chinese. `t` reads the current language, so a switch re-renders the app and every text
 * follows at once, without leaving the page.
 */
import { useEffect, useState } from 'preact/hooks';
import { en, type TextKey } from './texts/en';
import { zhCN } from './texts/zh-CN';

const DICTIONARIES = { en, 'zh-CN': zhCN };
export type Language = keyof typeof DICTIONARIES;
export type { TextKey };

const STORED = 'smart-store-language';

function firstLanguage(): Language {
  const saved = localStorage.getItem(STORED);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

let current: Language = firstLanguage();
document.documentElement.lang = current;
const listeners = new Set<() => void>();

export const language = (): Language => current;

export function setLanguage(next: Language): void {
  current = next;
  localStorage.setItem(STORED, next);
  document.documentElement.lang = next;
  for (const listener of listeners) listener();
}

/** How dates are written: in Chinese as Chinese writes them (11月28日), in English as the browser does. */
export const dateLocale = (): string | undefined => (current === 'zh-CN' ? 'zh-CN' : undefined);

/** The text for `key` in the current language, its `{name}` placeholders filled from `vars`. */
export function t(key: TextKey, vars: Record<string, string | number> = {}): string {
  return DICTIONARIES[current][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/** Re-renders the calling component (the app's root) when the language changes. */
export function useLanguage(): Language {
  const [, rerender] = useState(0);
  useEffect(() => {
    const changed = () => rerender((n) => n + 1);
    listeners.add(changed);
    return () => {
      listeners.delete(changed);
    };
  }, []);
  return current;
}
