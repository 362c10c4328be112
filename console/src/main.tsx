import 'leaflet/dist/leaflet.css';
import './style.css';
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { ApiFailure, api, type Store, session, signedInRole } from './api';
import { AppointmentsPage } from './appointments';
import { BrandPage } from './brand';
import { Campaigns } from './campaigns';
import { Editor } from './editor';
import { t, useLanguage } from './i18n';
import { LanguageSwitch } from './language-switch';
import { MembersPage } from './members';
import { Nav, type Section, sectionsFor, useRoute } from './nav';
import { OrdersPage } from './orders';
import { ProductsPage } from './products';
import { refusalOf } from './refusals';
import { ServicePage } from './service';
import { StaffPage } from './staff';
import { StockPage } from './stock';
import { StoreDaysPage } from './store-days';
import { useStores } from './store-select';
import { TodayPage } from './today';

function Login({ onIn }: { onIn: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { token } = await api.send<{ token: string }>('POST', '/auth/login', { email, password });
      session.token = token;
      onIn();
    } catch (failure) {
      setError(failure instanceof ApiFailure ? refusalOf(failure).message : t('app.unreachable'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div class="login">
      <form onSubmit={submit}>
        <div class="login-head">
          <h1>{t('app.name')}</h1>
          <LanguageSwitch />
        </div>
        <p class="hint">{t('login.tagline')}</p>
        <label>
          {t('login.email')}
          <input
            name="email"
            type="email"
            autoComplete="username"
            value={email}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
            required
          />
        </label>
        <label>
          {t('login.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
            required
          />
        </label>
        {error && <p class="error">{error}</p>}
        <button type="submit" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
        <p class="hint">{t('login.demo')}</p>
      </form>
    </div>
  );
}

function StorePicker({ onPick, onOut }: { onPick: (s: Store) => void; onOut: () => void }) {
  const [error, setError] = useState<string>();
  const stores = useStores(setError);
  return (
    <div class="picker">
      <Nav current="stores" onOut={onOut} />
      <h1 class="page-title">{t('stores.choose')}</h1>
      {error && <p class="error">{error}</p>}
      {!stores && !error && <p class="hint">{t('stores.loading')}</p>}
      <ul class="stores">
        {stores?.map((s) => (
          <li key={s.id}>
            <button type="button" onClick={() => onPick(s)}>
              <strong>{s.name}</strong>
              <span>{s.code}</span>
              <small>{s.address}</small>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function App() {
  // The whole console re-renders in the language the staff member switches to.
  useLanguage();
  const [signedIn, setSignedIn] = useState(Boolean(session.token));
  const [store, setStore] = useState<Store | undefined>(() => {
    const saved = sessionStorage.getItem('smart-store-store');
    return saved ? (JSON.parse(saved) as Store) : undefined;
  });
  const pick = (s: Store | undefined) => {
    if (s) sessionStorage.setItem('smart-store-store', JSON.stringify(s));
    else sessionStorage.removeItem('smart-store-store');
    setStore(s);
  };
  const route = useRoute();
  if (!signedIn) return <Login onIn={() => setSignedIn(true)} />;
  const signOut = () => {
    session.token = null;
    setSignedIn(false);
  };
  const allowed = sectionsFor(signedInRole());
  const section = allowed.includes(route[0] as Section) ? route[0] : allowed[0];
  if (section === 'today') return <TodayPage path={route.slice(1)} onOut={signOut} />;
  if (section === 'campaigns') return <Campaigns path={route.slice(1)} onOut={signOut} />;
  if (section === 'days') return <StoreDaysPage path={route.slice(1)} onOut={signOut} />;
  if (section === 'appointments') return <AppointmentsPage path={route.slice(1)} onOut={signOut} />;
  if (section === 'orders') return <OrdersPage path={route.slice(1)} onOut={signOut} />;
  if (section === 'stock') return <StockPage path={route.slice(1)} onOut={signOut} />;
  if (section === 'members') return <MembersPage path={route.slice(1)} onOut={signOut} />;
  if (section === 'products') return <ProductsPage path={route.slice(1)} onOut={signOut} />;
  if (section === 'service') return <ServicePage path={route.slice(1)} onOut={signOut} />;
  if (section === 'brand') return <BrandPage onOut={signOut} />;
  if (section === 'staff') return <StaffPage onOut={signOut} />;
  if (!store) return <StorePicker onPick={pick} onOut={signOut} />;
  return <Editor store={store} onLeave={() => pick(undefined)} />;
}

render(<App />, document.getElementById('app')!);
