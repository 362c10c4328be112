/**
 * The brand's tier ladder (member → silver → gold): what lifetime points or spend reach each rung and
 * the points it earns per yuan. Staff read it; the brand admin adds, edits and deletes rungs, and the
 * server re-places every member at once. A rung's code is what the catalogue's member prices name,
 * so it is set once, when the rung is added.
 */
import { useState } from 'preact/hooks';
import { signedInRole } from './api';
import { money } from './campaign-api';
import { dateLocale, t } from './i18n';
import {
  createTier,
  deleteTier,
  type Tier,
  type TierCreate,
  type TierUpdate,
  updateTier,
} from './member-api';
import type { Notice } from './members';
import { Modal } from './modal';
import { refusalOf } from './refusals';

type Open = { kind: 'add' } | { kind: 'edit' | 'delete'; tier: Tier };

export function TierLadder({
  tiers,
  onChanged,
  say,
}: {
  tiers: Tier[] | undefined;
  onChanged: () => void;
  say: (notice: Notice) => void;
}) {
  const [open, setOpen] = useState<Open>();
  const admin = signedInRole() === 'brand_admin';
  const done = (text: string) => {
    setOpen(undefined);
    say({ text });
    onChanged();
  };
  const close = () => setOpen(undefined);
  return (
    <>
      <div class="page-head">
        <h1>{t('members.tiers.title')}</h1>
        {admin && (
          <button type="button" class="primary" onClick={() => setOpen({ kind: 'add' })}>
            {t('members.tiers.add')}
          </button>
        )}
      </div>
      <p class="hint top">{t('members.tiers.rule')}</p>
      {!tiers && <p class="hint">{t('members.loading')}</p>}
      {tiers && tiers.length === 0 && <p class="empty-state">{t('members.tiers.none')}</p>}
      {tiers && tiers.length > 0 && (
        <table class="grid" data-test="tiers">
          <thead>
            <tr>
              <th class="num">{t('members.tiers.rank')}</th>
              <th>{t('members.tiers.name')}</th>
              <th>{t('members.tiers.code')}</th>
              <th class="num">{t('members.tiers.minPoints')}</th>
              <th class="num">{t('members.tiers.minSpend')}</th>
              <th class="num">{t('members.tiers.rate')}</th>
              {admin && <th />}
            </tr>
          </thead>
          <tbody>
            {tiers.map((tier) => (
              <tr key={tier.id} data-tier={tier.code}>
                <td class="num">{tier.rank}</td>
                <td class="title">{tier.name}</td>
                <td class="muted">{tier.code}</td>
                <td class="num">{tier.min_points.toLocaleString(dateLocale())}</td>
                <td class="num">
                  {tier.min_spend_cents === null
                    ? t('members.tiers.pointsOnly')
                    : money(tier.min_spend_cents)}
                </td>
                <td class="num">{tier.points_per_yuan}</td>
                {admin && (
                  <td class="actions">
                    <button type="button" class="small" onClick={() => setOpen({ kind: 'edit', tier })}>
                      {t('members.tiers.edit')}
                    </button>
                    <button
                      type="button"
                      class="small danger"
                      onClick={() => setOpen({ kind: 'delete', tier })}
                    >
                      {t('members.tiers.delete')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open?.kind === 'add' && (
        <TierDialog nextRank={(tiers?.at(-1)?.rank ?? 0) + 1} onClose={close} onDone={done} />
      )}
      {open?.kind === 'edit' && <TierDialog tier={open.tier} nextRank={0} onClose={close} onDone={done} />}
      {open?.kind === 'delete' && <DeleteTier tier={open.tier} onClose={close} onDone={done} />}
    </>
  );
}

/** The form's fields as typed; spend in yuan, empty for a rung reached by points only. */
interface Fields {
  code: string;
  name: string;
  rank: string;
  min_points: string;
  min_spend: string;
  points_per_yuan: string;
}

const fieldsOf = (tier: Tier | undefined, nextRank: number): Fields => ({
  code: tier?.code ?? '',
  name: tier?.name ?? '',
  rank: String(tier?.rank ?? nextRank),
  min_points: String(tier?.min_points ?? 0),
  min_spend: tier?.min_spend_cents == null ? '' : String(tier.min_spend_cents / 100),
  points_per_yuan: String(tier?.points_per_yuan ?? 1),
});

/** The rung's settings as the API takes them; no spend is null, a rung reached by points only. */
const settingsOf = (f: Fields): Omit<TierCreate, 'code'> => ({
  name: f.name.trim(),
  rank: Number(f.rank),
  min_points: Number(f.min_points),
  min_spend_cents: f.min_spend.trim() === '' ? null : Math.round(Number(f.min_spend) * 100),
  points_per_yuan: Number(f.points_per_yuan),
});

function TierDialog({
  tier,
  nextRank,
  onClose,
  onDone,
}: {
  tier?: Tier;
  nextRank: number;
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const [fields, setFields] = useState(fieldsOf(tier, nextRank));
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const settings = settingsOf(fields);
  // An edit sends only what changed (the API wants at least one field).
  const patch = tier
    ? Object.fromEntries(
        Object.entries(settings).filter(([key, value]) => tier[key as keyof TierUpdate] !== value),
      )
    : settings;
  const field = (key: keyof Fields) => ({
    value: fields[key],
    onInput: (e: Event) => {
      setError(undefined);
      setFields({ ...fields, [key]: (e.target as HTMLInputElement).value });
    },
  });

  async function save() {
    setSending(true);
    setError(undefined);
    try {
      const saved = tier
        ? await updateTier(tier.id, patch)
        : await createTier({ code: fields.code.trim(), ...settings });
      onDone(t(tier ? 'members.tiers.saved' : 'members.tiers.added', { name: saved.name }));
    } catch (e) {
      setError(refusalOf(e).message);
    } finally {
      setSending(false);
    }
  }

  return (
    <Modal
      title={tier ? t('members.tiers.editTitle', { name: tier.name }) : t('members.tiers.addTitle')}
      error={error}
      cancel={t('members.adjust.cancel')}
      onClose={onClose}
      onSubmit={save}
      actions={
        <button type="submit" disabled={sending || Object.keys(patch).length === 0}>
          {sending ? t('members.adjust.sending') : tier ? t('members.tiers.save') : t('members.tiers.add')}
        </button>
      }
    >
      <div class="pair">
        <label>
          {t('members.tiers.name')}
          <input {...field('name')} maxLength={60} required />
        </label>
        <label>
          {t('members.tiers.code')}
          <input
            {...field('code')}
            maxLength={32}
            disabled={Boolean(tier)}
            required
            pattern="[a-z][a-z0-9_]*"
          />
        </label>
      </div>
      {!tier && <p class="hint">{t('members.tiers.codeWhy')}</p>}
      <div class="pair">
        <label>
          {t('members.tiers.rank')}
          <input type="number" {...field('rank')} min={1} max={100} required />
        </label>
        <label>
          {t('members.tiers.rate')}
          <input type="number" {...field('points_per_yuan')} min={0} max={100} step="any" required />
        </label>
      </div>
      <div class="pair">
        <label>
          {t('members.tiers.minPoints')}
          <input type="number" {...field('min_points')} min={0} required />
        </label>
        <label>
          {t('members.tiers.minSpendYuan')}
          <input
            type="number"
            {...field('min_spend')}
            min={0}
            step="0.01"
            placeholder={t('members.tiers.pointsOnly')}
          />
        </label>
      </div>
      <p class="hint">{t('members.tiers.replaced')}</p>
    </Modal>
  );
}

function DeleteTier({
  tier,
  onClose,
  onDone,
}: {
  tier: Tier;
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  async function remove() {
    setSending(true);
    try {
      await deleteTier(tier.id);
      onDone(t('members.tiers.deleted', { name: tier.name }));
    } catch (e) {
      setError(refusalOf(e).message);
      setSending(false);
    }
  }
  return (
    <Modal
      title={t('members.tiers.deleteTitle', { name: tier.name })}
      error={error}
      cancel={t('members.adjust.cancel')}
      onClose={onClose}
      actions={
        <button type="button" class="danger-solid" disabled={sending} onClick={remove}>
          {t('members.tiers.delete')}
        </button>
      }
    >
      <p>{t('members.tiers.deleteWhat', { code: tier.code })}</p>
    </Modal>
  );
}
