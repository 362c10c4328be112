/**
 * One member as the service desk needs them when a shopper asks about their points: their name, the
 * balance, the tier and what the next one needs, the tags, when they joined, and the points history
 * line by line (what each was, how many, when, why). Managers adjust points and correct the name and
 * birthday from here; staff tag.
 */
import { useEffect, useState } from 'preact/hooks';
import { MEMBER_NAME_MAX } from '../../members/desk-search.js';
import { signedInRole } from './api';
import { money } from './campaign-api';
import { dateLocale, t } from './i18n';
import { LoadError } from './load-error';
import { AdjustPointsDialog } from './member-adjust';
import {
  birthdayLabel,
  getMember,
  keepTier,
  type Member,
  maskedPhone,
  nextRung,
  POINTS_MOST,
  POINTS_PAGE,
  type PointsEntry,
  pointsHistory,
  pointsReason,
  setBirthday,
  setName,
  signedPoints,
  type Tier,
  tagMember,
  tierName,
  untagMember,
} from './member-api';
import type { Notice } from './members';
import { refusalOf } from './refusals';

/** Who may adjust points and keep a member at a tier: the API's managers. */
const MANAGERS = ['brand_admin', 'store_manager'];

export function MemberPage({
  id,
  tiers,
  say,
}: {
  id: string;
  tiers: Tier[] | undefined;
  say: (notice: Notice) => void;
}) {
  const [member, setMember] = useState<Member>();
  const [history, setHistory] = useState<PointsEntry[]>();
  const [limit, setLimit] = useState(POINTS_PAGE);
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const [adjusting, setAdjusting] = useState(false);
  // Another member's figures are not shown while this one's load.
  useEffect(() => {
    setMember(undefined);
    setHistory(undefined);
    setLimit(POINTS_PAGE);
  }, [id]);
  useEffect(() => {
    setError(undefined);
    Promise.all([getMember(id), pointsHistory(id, limit)]).then(
      ([m, lines]) => {
        setMember(m);
        setHistory(lines);
      },
      (e) => setError(refusalOf(e).message),
    );
  }, [id, limit, version]);

  const changed = (updated: Member, text: string) => {
    setMember(updated);
    say({ text });
    setVersion((v) => v + 1);
  };

  return (
    <>
      {error && (
        <LoadError
          message={error}
          tryAgain={t('members.tryAgain')}
          onRetry={() => setVersion((v) => v + 1)}
        />
      )}
      {!member && !error && <p class="hint">{t('members.loading')}</p>}
      {member && (
        <>
          <div class="page-head">
            <h1>
              {t('members.member', { no: member.member_no })}
              {member.name && <span class="member-name"> · {member.name}</span>}{' '}
              <span class={`badge tier tier-${member.tier ?? 'none'}`} data-test="tier">
                {tierName(tiers, member.tier)}
              </span>
            </h1>
            {MANAGERS.includes(signedInRole() ?? '') && (
              <button type="button" class="primary" onClick={() => setAdjusting(true)}>
                {t('members.adjust')}
              </button>
            )}
          </div>
          <div class="member-cards">
            <Points member={member} tiers={tiers} />
            <About
              member={member}
              tiers={tiers}
              onChanged={changed}
              onRefused={(text) => say({ text, error: true })}
            />
            <Tags member={member} onChanged={changed} onRefused={(text) => say({ text, error: true })} />
          </div>
          <section class="card">
            <h2>{t('members.history')}</h2>
            <History lines={history} />
            {history && history.length >= limit && limit < POINTS_MOST && (
              <div class="row pager">
                <button type="button" class="small" onClick={() => setLimit(limit + POINTS_PAGE)}>
                  {t('members.moreHistory')}
                </button>
              </div>
            )}
          </section>
        </>
      )}
      {adjusting && member && (
        <AdjustPointsDialog
          member={member}
          onDone={(m, text) => {
            setAdjusting(false);
            changed(m, text);
          }}
          // A lost answer may still have been posted: what the server now has is read again.
          onClose={() => {
            setAdjusting(false);
            setVersion((v) => v + 1);
          }}
        />
      )}
    </>
  );
}

/** The balance, and the way to the next tier: tiers follow lifetime points or spend, not the balance. */
function Points({ member, tiers }: { member: Member; tiers: Tier[] | undefined }) {
  const next = tiers && nextRung(tiers, member);
  const goal = next && tiers?.find((tier) => tier.code === next.code);
  const share = goal?.min_points ? Math.min(1, member.lifetime_points / goal.min_points) : 1;
  return (
    <section class="card">
      <h2>{t('members.balance')}</h2>
      <p class="balance" data-test="balance">
        {member.points_balance.toLocaleString(dateLocale())}
      </p>
      <p class="hint">
        {t('members.lifetime', {
          points: member.lifetime_points.toLocaleString(dateLocale()),
          spend: money(member.lifetime_spend_cents),
        })}
      </p>
      {tiers && !next && <p class="hint">{t('members.topTier')}</p>}
      {next && (
        <div class="next-tier" data-test="next-tier">
          <div class="meter">
            <i style={{ width: `${Math.round(share * 100)}%` }} />
          </div>
          <p class="hint">
            {next.spend_needed_cents === null
              ? t('members.nextTier', { points: next.points_needed, tier: next.name })
              : t('members.nextTierOrSpend', {
                  points: next.points_needed,
                  tier: next.name,
                  spend: money(next.spend_needed_cents),
                })}
          </p>
        </div>
      )}
      <p class="hint">{t('members.tierRule')}</p>
    </section>
  );
}

/** What the member page's parts tell it after a change, or after the server refused one. */
interface Changes {
  onChanged: (member: Member, text: string) => void;
  onRefused: (text: string) => void;
}

function About({
  member,
  tiers,
  onChanged,
  onRefused,
}: { member: Member; tiers: Tier[] | undefined } & Changes) {
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  async function keep(code: string | null) {
    setBusy(true);
    try {
      const updated = await keepTier(member.id, code);
      onChanged(
        updated,
        code
          ? t('members.kept', { no: member.member_no, tier: tierName(tiers, code) })
          : t('members.keptNone', { no: member.member_no }),
      );
    } catch (e) {
      onRefused(refusalOf(e).message);
    } finally {
      setBusy(false);
    }
  }
  const joined = new Date(member.joined_at).toLocaleDateString(dateLocale(), {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
  return (
    <section class="card">
      <h2>{t('members.about')}</h2>
      <dl class="facts">
        <dt>{t('members.name')}</dt>
        <dd data-test="name">
          {MANAGERS.includes(signedInRole() ?? '') ? (
            <FactField
              label={t('members.name')}
              value={member.name}
              saveLabel={t('members.nameSaveLabel')}
              maxLength={MEMBER_NAME_MAX}
              send={(name) => setName(member.id, name)}
              said={(name) =>
                name
                  ? t('members.nameSet', { no: member.member_no, name })
                  : t('members.nameCleared', { no: member.member_no })
              }
              onChanged={onChanged}
              onRefused={onRefused}
            />
          ) : (
            (member.name ?? t('members.noName'))
          )}
        </dd>
        <dt>{t('members.phone')}</dt>
        <dd data-test="phone">
          {member.phone ? (
            <>
              {shown ? member.phone : maskedPhone(member.phone)}{' '}
              <button type="button" class="link small" onClick={() => setShown(!shown)}>
                {shown ? t('members.hidePhone') : t('members.showPhone')}
              </button>
            </>
          ) : (
            t('members.noPhone')
          )}
        </dd>
        <dt>{t('members.joined')}</dt>
        <dd>{joined}</dd>
        <dt>{t('members.birthday')}</dt>
        <dd data-test="birthday">
          {MANAGERS.includes(signedInRole() ?? '') ? (
            <FactField
              label={t('members.birthday')}
              value={member.birthday}
              shown={member.birthday && birthdayLabel(member.birthday)}
              placeholder={t('members.birthdayPlaceholder')}
              size={6}
              send={(birthday) => setBirthday(member.id, birthday)}
              said={(birthday) =>
                birthday
                  ? t('members.birthdaySet', { no: member.member_no, day: birthdayLabel(birthday) })
                  : t('members.birthdayCleared', { no: member.member_no })
              }
              onChanged={onChanged}
              onRefused={onRefused}
            />
          ) : member.birthday ? (
            birthdayLabel(member.birthday)
          ) : (
            t('members.noBirthday')
          )}
        </dd>
        <dt>{t('members.miniProgram')}</dt>
        <dd>{member.shopper_id ? t('members.linked') : t('members.cardOnly')}</dd>
        <dt>{t('members.assigned')}</dt>
        <dd>
          {MANAGERS.includes(signedInRole() ?? '') ? (
            <select
              aria-label={t('members.assigned')}
              value={member.assigned_tier ?? ''}
              disabled={busy || !tiers}
              onChange={(e) => keep((e.target as HTMLSelectElement).value || null)}
            >
              <option value="">{t('members.assignedNone')}</option>
              {tiers?.map((tier) => (
                <option key={tier.code} value={tier.code}>
                  {tier.name}
                </option>
              ))}
            </select>
          ) : member.assigned_tier ? (
            tierName(tiers, member.assigned_tier)
          ) : (
            t('members.assignedNone')
          )}
        </dd>
      </dl>
    </section>
  );
}

/**
 * One fact of the member's a manager sets or corrects as the member tells it at the counter (their
 * name, their birthday), typed and saved on its own; saved empty, it is cleared (null).
 */
function FactField({
  label,
  value,
  shown,
  placeholder,
  size,
  maxLength,
  saveLabel,
  send,
  said,
  onChanged,
  onRefused,
}: {
  label: string;
  value: string | null;
  /** The saved value as people read it, beside the box, when it is not the same as typed. */
  shown?: string | null;
  placeholder?: string;
  size?: number;
  maxLength?: number;
  /** What the Save button is called to a screen reader, when the page has another. */
  saveLabel?: string;
  send: (value: string | null) => Promise<Member>;
  /** What the status line says once it is saved. */
  said: (value: string | null) => string;
} & Changes) {
  const [typed, setTyped] = useState(value ?? '');
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const trimmed = typed.trim();
    setBusy(true);
    try {
      onChanged(await send(trimmed || null), said(trimmed || null));
      setTyped(trimmed);
    } catch (failure) {
      onRefused(refusalOf(failure).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="fact-field" onSubmit={submit}>
      <input
        aria-label={label}
        value={typed}
        placeholder={placeholder}
        size={size}
        maxLength={maxLength}
        onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
      />{' '}
      {shown && <span class="muted">{shown} </span>}
      <button
        type="submit"
        class="small"
        aria-label={saveLabel}
        disabled={busy || typed.trim() === (value ?? '')}
      >
        {t('members.save')}
      </button>
    </form>
  );
}

function Tags({ member, onChanged, onRefused }: { member: Member } & Changes) {
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState(false);
  async function change(call: Promise<Member>, text: string) {
    setBusy(true);
    try {
      onChanged(await call, text);
      setTag('');
    } catch (e) {
      onRefused(refusalOf(e).message);
    } finally {
      setBusy(false);
    }
  }
  const typed = tag.trim();
  return (
    <section class="card">
      <h2>{t('members.tags')}</h2>
      <ul class="chips" data-test="tags">
        {member.tags.length === 0 && <li class="none">{t('members.noTags')}</li>}
        {member.tags.map((name) => (
          <li key={name}>
            {name}
            <button
              type="button"
              aria-label={t('members.untag', { tag: name })}
              title={t('members.untag', { tag: name })}
              disabled={busy}
              onClick={() =>
                change(
                  untagMember(member.id, name),
                  t('members.untagged', { tag: name, no: member.member_no }),
                )
              }
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed)
            change(
              tagMember(member.id, typed),
              t('members.tagged.done', { tag: typed, no: member.member_no }),
            );
        }}
      >
        <input
          class="grow"
          aria-label={t('members.newTag')}
          placeholder={t('members.newTagPlaceholder')}
          value={tag}
          maxLength={40}
          onInput={(e) => setTag((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="small" disabled={busy || !typed || member.tags.includes(typed)}>
          {t('members.addTag')}
        </button>
      </form>
      <p class="hint">{t('members.tagsWhy')}</p>
    </section>
  );
}

function History({ lines }: { lines: PointsEntry[] | undefined }) {
  const when = new Intl.DateTimeFormat(dateLocale(), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  if (!lines) return <p class="hint">{t('members.loading')}</p>;
  if (lines.length === 0) return <p class="empty-state">{t('members.noHistory')}</p>;
  return (
    <table class="grid" data-test="history">
      <thead>
        <tr>
          <th>{t('members.when')}</th>
          <th>{t('members.kind')}</th>
          <th class="num">{t('members.points')}</th>
          <th>{t('members.reason')}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          // The API gives a line no id; no two lines of one member share all of these.
          <tr key={`${line.created_at} ${line.kind} ${line.points} ${line.reason}`}>
            <td class="dates">{when.format(new Date(line.created_at))}</td>
            <td>{t(`members.kind.${line.kind}`)}</td>
            <td class={`num ${line.points < 0 ? 'minus' : 'plus'}`}>{signedPoints(line.points)}</td>
            <td>{pointsReason(line)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
