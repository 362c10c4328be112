/** The stores a member of staff may pick from (their own, for store-bound roles), as a labelled select. */
import { useEffect, useState } from 'preact/hooks';
import { api, type Store, signedInStores } from './api';
import { t } from './i18n';

/** The brand's stores, or for a store manager or clerk the ones they work at. */
export function useStores(onError: (message: string) => void): Store[] | undefined {
  const [stores, setStores] = useState<Store[]>();
  useEffect(() => {
    const mine = signedInStores();
    api
      .get<Store[]>('/stores')
      .then((all) => setStores(mine ? all.filter((s) => mine.includes(s.id)) : all))
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
      {t('stores.label')}{' '}
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
