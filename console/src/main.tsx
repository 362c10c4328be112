import 'leaflet/dist/leaflet.css';
import './style.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiFailure, api, type Store, session } from './api';
import { Editor } from './editor';

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
      setError(failure instanceof ApiFailure ? failure.body.message : 'The server cannot be reached');
    } finally {
      setBusy(false);
    }
  }
  return (
    <div class="login">
      <form onSubmit={submit}>
        <h1>Smart Store</h1>
        <p class="hint">Store maps, beacons and indoor navigation</p>
        <label>
          Email
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
          Password
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
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p class="hint">Demo: admin@freshmart.demo / freshmart-demo</p>
      </form>
    </div>
  );
}

function StorePicker({ onPick, onOut }: { onPick: (s: Store) => void; onOut: () => void }) {
  const [stores, setStores] = useState<Store[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api
      .get<Store[]>('/stores')
      .then(setStores)
      .catch((e) => setError(e.message));
  }, []);
  return (
    <div class="picker">
      <header class="bar">
        <h1>Choose a store</h1>
        <button type="button" class="link" onClick={onOut}>
          Sign out
        </button>
      </header>
      {error && <p class="error">{error}</p>}
      {!stores && !error && <p class="hint">Loading stores…</p>}
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
  if (!signedIn) return <Login onIn={() => setSignedIn(true)} />;
  if (!store)
    return (
      <StorePicker
        onPick={pick}
        onOut={() => {
          session.token = null;
          setSignedIn(false);
        }}
      />
    );
  return <Editor store={store} onLeave={() => pick(undefined)} />;
}

render(<App />, document.getElementById('app')!);
