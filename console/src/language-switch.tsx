/** The header's language switch (中文 / English): both named in themselves, the current one marked. */
import { Fragment } from 'preact';
import { type Language, language, setLanguage } from './i18n';

/** Each language named in itself, Chinese first: most of the chain's staff read it. */
const OFFERED: [Language, string][] = [
  ['zh-CN', '中文'],
  ['en', 'English'],
];

export function LanguageSwitch() {
  return (
    <span class="language-switch">
      {OFFERED.map(([lang, name], i) => (
        <Fragment key={lang}>
          {i > 0 && ' / '}
          <button
            type="button"
            class={`link${lang === language() ? ' current' : ''}`}
            lang={lang}
            aria-pressed={lang === language()}
            onClick={() => setLanguage(lang)}
          >
            {name}
          </button>
        </Fragment>
      ))}
    </span>
  );
}
