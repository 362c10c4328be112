/**
 * Members, for the chain's staff at the service desk: found by phone or card number (and tag), newest
 * first; a member's page at `#/members/<id>` (balance, tier and the way to the next, tags, the points
 * history, adjustments), so it can be reloaded or sent; the tier ladder at `#/members/tiers`, which the
 * brand admin edits. The search outlives a visit to a member's page.
 */
import './campaigns.css';
import './stock.css';
import './members.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { dateLocale, t } from './i18n';
import {
  findMembers,
  lookupsOf,
  MEMBERS_MOST,
  MEMBERS_PAGE,
  type Member,
  type MemberSearch,
  maskedPhone,
  memberTiers,
  type Tier,
  tierName,
} from './member-api';
import { MemberPage } from './member-page';
import { TierLadder } from './member-tiers';
import { Nav } from './nav';
import { refusalOf } from './refusals';

export type Notice = { text: string; error?: boolean };

export function MembersPage({ path, onOut }: { path: string[]; onOut: () => void }) {
  const [notice, setNotice] = useState<Notice>();
  const [search, setSearch] = useState<MemberSearch>({ q: '', tag: '', limit: MEMBERS_PAGE });
  const [tiers, setTiers] = useState<Tier[]>();
  const [tiersVersion, setTiersVersion] = useState(0);
  const view = path[0];
  // What was said on one page is not about the next.
  useEffect(() => setNotice(undefined), [view]);
  useEffect(() => {
    memberTiers().then(setTiers, (e) => setNotice({ text: refusalOf(e).message, error: true }));
  }, [tiersVersion]);

  return (
    <div class="campaigns">
      <Nav current="members" onOut={onOut} />
      <main class="page">
        {view === 'tiers' ? (
          <TierLadder tiers={tiers} onChanged={() => setTiersVersion((v) => v + 1)} say={setNotice} />
        ) : view ? (
          <MemberPage id={view} tiers={tiers} say={setNotice} />
        ) : (
          <MemberList search={search} onSearch={setSearch} tiers={tiers} />
        )}
      </main>
      <footer class={`status${notice?.error ? ' error' : ''}`} aria-live="polite">
        {notice?.text ?? ''}
      </footer>
    </div>
  );
}

function MemberList({
  search,
  onSearch,
  tiers,
}: {
  search: MemberSearch;
  onSearch: (search: MemberSearch) => void;
  tiers: Tier[] | undefined;
}) {
  const [typed, setTyped] = useState({ q: search.q, tag: search.tag });
  const [members, setMembers] = useState<Member[]>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const asked = useRef(0);
  useEffect(() => {
    // Only the latest search's answer is shown: an earlier one may arrive after it.
    const question = ++asked.current;
    setError(undefined);
    findMembers(search)
      .then((found) => question === asked.current && setMembers(found))
      .catch((e) => question === asked.current && setError(refusalOf(e).message));
  }, [search, version]);
  const unusable = lookupsOf(typed.q) === undefined;
  const searching = Boolean(search.q.trim() || search.tag.trim());
  const joined = new Intl.DateTimeFormat(dateLocale(), { year: 'numeric', month: 'short', day: 'numeric' });

  return (
    <>
      <div class="page-head">
        <h1>{t('members.title')}</h1>
        <a class="button small" href="#/members/tiers">
          {t('members.tiersLink')}
        </a>
      </div>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          if (!unusable) onSearch({ ...typed, limit: MEMBERS_PAGE });
        }}
      >
        <label class="inline">
          {t('members.find')}{' '}
          <input
            type="search"
            class="member-find"
            placeholder={t('members.findPlaceholder')}
            value={typed.q}
            aria-invalid={unusable}
            onInput={(e) => setTyped({ ...typed, q: (e.target as HTMLInputElement).value })}
          />
        </label>
        <label class="inline">
          {t('members.tag')}{' '}
          <input
            class="short-tag"
            placeholder={t('members.tagPlaceholder')}
            value={typed.tag}
            maxLength={40}
            onInput={(e) => setTyped({ ...typed, tag: (e.target as HTMLInputElement).value })}
          />
        </label>
        <button type="submit" disabled={unusable}>
          {t('members.search')}
        </button>
        {searching && (
          <button
            type="button"
            class="link"
            onClick={() => {
              setTyped({ q: '', tag: '' });
              onSearch({ q: '', tag: '', limit: MEMBERS_PAGE });
            }}
          >
            {t('members.clear')}
          </button>
        )}
      </form>
      {unusable && <p class="field-error">{t('members.findHow')}</p>}
      {error && (
        <p class="error">
          {error}{' '}
          <button type="button" class="small" onClick={() => setVersion((v) => v + 1)}>
            {t('members.tryAgain')}
          </button>
        </p>
      )}
      {!members && !error && <p class="hint">{t('members.loading')}</p>}
      {members && members.length === 0 && (
        <p class="empty-state">
          {searching
            ? t('members.noMatch', {
                what: [search.q.trim(), search.tag.trim() && t('members.tagged', { tag: search.tag.trim() })]
                  .filter(Boolean)
                  .join(' '),
              })
            : t('members.none')}
        </p>
      )}
      {members && members.length > 0 && (
        <>
          <p class="hint top">
            {searching
              ? t('members.found', { count: members.length })
              : t('members.newest', { count: members.length })}
          </p>
          <table class="grid members" data-test="members">
            <thead>
              <tr>
                <th>{t('members.memberNo')}</th>
                <th>{t('members.phone')}</th>
                <th>{t('members.tier')}</th>
                <th class="num">{t('members.points')}</th>
                <th>{t('members.tags')}</th>
                <th>{t('members.joined')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id} data-member={m.member_no}>
                  <td>
                    <a class="title" href={`#/members/${m.id}`}>
                      {m.member_no}
                    </a>
                  </td>
                  <td data-test="phone">{m.phone ? maskedPhone(m.phone) : '–'}</td>
                  <td>
                    <span class={`badge tier tier-${m.tier ?? 'none'}`}>{tierName(tiers, m.tier)}</span>
                  </td>
                  <td class="num" data-test="balance">
                    {m.points_balance.toLocaleString(dateLocale())}
                  </td>
                  <td>
                    {m.tags.map((tag) => (
                      <span key={tag} class="tag">
                        {tag}
                      </span>
                    ))}
                  </td>
                  <td class="dates">{joined.format(new Date(m.joined_at))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {members.length >= search.limit &&
            (search.limit < MEMBERS_MOST ? (
              <div class="row pager">
                <button
                  type="button"
                  class="small"
                  onClick={() => onSearch({ ...search, limit: search.limit + MEMBERS_PAGE })}
                >
                  {t('members.more')}
                </button>
              </div>
            ) : (
              <p class="hint">{t('members.most', { count: MEMBERS_MOST })}</p>
            ))}
        </>
      )}
    </>
  );
}
