/**
 * "Plan beacons…" in the map editor's Beacons section: a starting layout for a level with no beacons
 * yet (or few), every so many metres on the ceiling, shown on the plan as hollow markers with the
 * accuracy the server predicts once they hang. Accept adds them all at once, each with the store's next
 * identity; nothing is saved before.
 */
import { useEffect, useState } from 'preact/hooks';
import type { BeaconPlan } from '../../beacons/schemas.js';
import { api, type Store } from './api';
import { t } from './i18n';

/** The spacings offered: 6 m apart keeps the blue dot within 3 m at p90 after the 4 m walk in the benchmark; 10 m does not. */
const SPACINGS = [4, 6, 8, 10];
const DEFAULT_SPACING = 6;

export function BeaconPlanPanel(props: {
  store: Store;
  level: number;
  /** Draws the proposed beacons on the plan; an empty list takes them off. */
  showPlanned: (points: BeaconPlan['beacons']) => void;
  work: (what: string, task: () => Promise<string | undefined>) => Promise<boolean>;
  /** After an accept: the editor reads its beacons again. */
  onAdded: () => Promise<void>;
}) {
  const { store, level, showPlanned, work } = props;
  const [open, setOpen] = useState(false);
  const [spacing, setSpacing] = useState(DEFAULT_SPACING);
  const [plan, setPlan] = useState<BeaconPlan>();

  useEffect(() => showPlanned(open && plan?.level === level ? plan.beacons : []), [open, plan, level]);
  // A plan is of one level: going to another closes it.
  useEffect(() => close(), [level, store.id]);

  async function propose(metres: number) {
    setSpacing(metres);
    await work(t('map.busy.planning'), async () => {
      const proposed = await api.send<BeaconPlan>('POST', `/stores/${store.id}/beacons/plan`, {
        level,
        spacing_m: metres,
      });
      setPlan(proposed);
      setOpen(true);
      return undefined;
    });
  }

  function close() {
    setOpen(false);
    setPlan(undefined);
  }

  async function accept() {
    if (!plan) return;
    await work(t('map.busy.addingPlan'), async () => {
      const { added } = await api.send<{ added: number }>(
        'POST',
        `/stores/${store.id}/beacons/plan/accept`,
        // A retried Accept adds nothing twice: the server skips spots where a beacon hangs.
        { level: plan.level, beacons: plan.beacons },
      );
      close();
      await props.onAdded();
      return added === 1 ? t('map.plan.addedOne') : t('map.plan.added', { count: added });
    });
  }

  if (!open)
    return (
      <button type="button" class="small" onClick={() => propose(DEFAULT_SPACING)} data-test="plan-beacons">
        {t('map.plan.open')}
      </button>
    );
  const count = plan?.beacons.length ?? 0;
  return (
    <div class="panel" data-test="beacon-plan">
      <p>
        <strong>{t('map.plan.title')}</strong>
      </p>
      <label class="row">
        {t('map.plan.spacing')}
        <select value={spacing} onChange={(e) => propose(Number((e.target as HTMLSelectElement).value))}>
          {SPACINGS.map((m) => (
            <option key={m} value={m}>
              {t('map.plan.metres', { metres: m })}
            </option>
          ))}
        </select>
      </label>
      <p class="hint">{t('map.plan.hint')}</p>
      {plan && (
        <p data-test="plan-figures">
          {count === 0
            ? t('map.plan.none', { metres: plan.spacing_m })
            : t(count === 1 ? 'map.plan.figure' : 'map.plan.figures', {
                count,
                mean: plan.accuracy.mean_m.toFixed(1),
                within: Math.round((1 - plan.accuracy.poor_share) * 100),
              })}
        </p>
      )}
      <div class="row">
        <button type="button" class="small primary" onClick={accept} disabled={count === 0}>
          {t('map.plan.accept')}
        </button>
        <button type="button" class="link" onClick={close}>
          {t('map.cancel')}
        </button>
      </div>
    </div>
  );
}
