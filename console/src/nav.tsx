/**
 * The console's sections and the hash route within them (`#/campaigns/<id>/report`), so a page
 * can be reloaded, bookmarked or sent to a colleague. Who sees which section follows the API's role
 * guards: marketers work on campaigns, floor staff on store maps, the counter's appointments and orders,
 * managers also read their stores' days, brand admins do all of it and set the brand's mini-program.
 * Those who run a store land on its Today.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { signedInRole } from './api';
import { type TextKey, t } from './i18n';
import { LanguageSwitch } from './language-switch';
import { OwnPassword } from './own-password';
import { ServiceUnread, useServiceUnread } from './service-unread';

export type Section =
  | 'today'
  | 'stores'
  | 'appointments'
  | 'orders'
  | 'stock'
  | 'members'
  | 'products'
  | 'service'
  | 'days'
  | 'campaigns'
  | 'brand'
  | 'staff';

const SECTIONS: { id: Section; label: TextKey; roles: string[] }[] = [
  // First: each role lands on its first section, and a store's people start the day with its figures.
  { id: 'today', label: 'nav.today', roles: ['brand_admin', 'store_manager', 'clerk'] },
  {
    id: 'stores',
    label: 'nav.stores',
    roles: ['platform_admin', 'brand_admin', 'store_manager', 'clerk'],
  },
  { id: 'appointments', label: 'nav.appointments', roles: ['brand_admin', 'store_manager', 'clerk'] },
  // The orders API's STORE_STAFF: those who prepare, hand over and refund.
  { id: 'orders', label: 'nav.orders', roles: ['brand_admin', 'store_manager', 'clerk'] },
  // The stock API's STORE_STAFF: those who receive goods, count shelves and move stock between stores.
  { id: 'stock', label: 'nav.stock', roles: ['brand_admin', 'store_manager', 'clerk'] },
  { id: 'campaigns', label: 'nav.campaigns', roles: ['brand_admin', 'marketer'] },
  // The members API's staff look members up and tag them; managers and admins also adjust their points.
  { id: 'members', label: 'nav.members', roles: ['brand_admin', 'store_manager', 'clerk', 'marketer'] },
  // The customer-service API's STORE_STAFF: those who answer the shoppers' messages.
  { id: 'service', label: 'nav.service', roles: ['brand_admin', 'store_manager', 'clerk'] },
  // The catalogue's editors name and price products; store managers set their stores' prices.
  { id: 'products', label: 'nav.products', roles: ['brand_admin', 'marketer', 'store_manager'] },
  // Last: each role lands on its first section, and a marketer's work is the campaigns.
  { id: 'days', label: 'nav.days', roles: ['brand_admin', 'store_manager', 'marketer'] },
  { id: 'brand', label: 'nav.brand', roles: ['brand_admin'] },
  // The staff API's brand admins: accounts, roles and stores of the brand's people.
  { id: 'staff', label: 'nav.staff', roles: ['brand_admin'] },
];

const ROLE_NAMES: Record<string, TextKey> = {
  platform_admin: 'role.platform_admin',
  brand_admin: 'role.brand_admin',
  store_manager: 'role.store_manager',
  clerk: 'role.clerk',
  marketer: 'role.marketer',
};

export function sectionsFor(role: string | undefined): Section[] {
  return SECTIONS.filter((s) => role && s.roles.includes(role)).map((s) => s.id);
}

/** The hash route as path parts: `#/campaigns/abc/report` → ['campaigns', 'abc', 'report']. */
export function useRoute(): string[] {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return hash.replace(/^#\/?/, '').split('/').filter(Boolean);
}

export const go = (path: string) => {
  location.hash = `#/${path}`;
};

export function Nav({ current, onOut }: { current: Section; onOut: () => void }) {
  const role = signedInRole();
  const allowed = sectionsFor(role);
  const unread = useServiceUnread();
  // Only a phone folds the header into a menu (campaigns.css): on a desk its links are always shown.
  const [menu, setMenu] = useState(false);
  const header = useRef<HTMLElement>(null);
  // The open menu dims the page below it: a tap there, or Escape, closes it as a dialog would; heard
  // from the moment it shows (a layout effect), not a frame later.
  useLayoutEffect(() => {
    if (!menu) return;
    const outside = (e: Event) => header.current?.contains(e.target as Node) || setMenu(false);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setMenu(false);
    addEventListener('pointerdown', outside);
    addEventListener('keydown', onKey);
    return () => {
      removeEventListener('pointerdown', outside);
      removeEventListener('keydown', onKey);
    };
  }, [menu]);
  return (
    <header ref={header} class={`bar nav${menu ? ' menu-open' : ''}`}>
      <span class="brand">{t('app.name')}</span>
      {allowed.includes('service') && unread > 0 && (
        <a
          class="phone-only phone-unread"
          href="#/service"
          aria-label={t('service.unread', { count: unread })}
        >
          {unread}
        </a>
      )}
      <button
        type="button"
        class="phone-only menu-button"
        aria-label={t('nav.menu')}
        aria-expanded={menu}
        aria-controls="nav-menu"
        onClick={() => setMenu(!menu)}
      >
        ☰
      </button>
      <div class="nav-menu" id="nav-menu">
        <nav>
          {SECTIONS.filter((s) => allowed.includes(s.id)).map((s) => (
            // A section picked, even the one shown, closes the menu.
            <a
              key={s.id}
              href={`#/${s.id}`}
              class={s.id === current ? 'current' : ''}
              onClick={() => setMenu(false)}
            >
              {t(s.label)}
              {s.id === 'service' && <ServiceUnread count={unread} />}
            </a>
          ))}
        </nav>
        <span class="who">{role && (ROLE_NAMES[role] ? t(ROLE_NAMES[role]) : role.replace('_', ' '))}</span>
        <OwnPassword />
        <LanguageSwitch />
        <button type="button" class="link" onClick={onOut}>
          {t('nav.signOut')}
        </button>
      </div>
    </header>
  );
}
