/** The stores a member of staff may pick from (their own, for store-bound roles), as a labelled select. */
import { useEffect, useState } from 'preact/hooks';
import { api, type Store } from './api';

export function useStores(onError: (message: string) => void): Store[] | undefined {
  const [stores, setStores] = useState<Store[]>();
  useEffect(() => {
    api
      .get<Store[]>('/stores')
      .then(setStores)
      .catch((e) => onError(e.message));
  }, []);
  return stores;
}

export function StoreSelect({
  stores,
  value,
  onPick,
}: {
  stores: Store[] | undefined;
  value: string | undefined;
  onPick: (id: string) => void;
}) {
  return (
    <label>
      Store{' '}
      <select value={value ?? ''} onChange={(e) => onPick((e.target as HTMLSelectElement).value)}>
        {stores?.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.code})
          </option>
        ))}
      </select>
    </label>
  );
}
