/**
 * Members, for the chain's staff at the service desk: found by phone, its last four digits, part of
 * a card number or of a name (and tag), newest first, a page at a time with how many there are; a member's page at `#/members/<id>` (balance, tier and the way to the next, tags, the points
 * history, adjustments), so it can be reloaded or sent; the tier ladder at `#/members/tiers`, which the
 * brand admin edits. The search outlives a visit to a member's page.
 */
import './campaigns.css';
import './stock.css';
import './members.css';
import { useEffect, useState } from 'preact/hooks';
import { dateLocale, t } from './i18n';
import { useLatestAnswer } from './latest-answer';
import { LoadError } from './load-error';
import {
  countMembers,
  findMembers,
  MEMBERS_PAGE,
  type Member,
  type MemberSearch,
  maskedPhone,
  memberTiers,
  queryOf,
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
  const [search, setSearch] = useState<MemberSearch>({ q: '', tag: '', shown: MEMBERS_PAGE });
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
        {/* The tier ladder and a member's page lead back to the list. */}
        {view && (
          <div class="page-head">
            <a class="back" href="#/members">
              ← {t('members.title')}
            </a>
          </div>
        )}
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
  const [found, setFound] = useState<{ members: Member[]; total: number }>();
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const latest = useLatestAnswer();
  useEffect(() => {
    setError(undefined);
    latest.ask(
      Promise.all([findMembers(search, 0, search.shown), countMembers(search)]),
      ([members, total]) => setFound({ members, total }),
      setError,
    );
  }, [search.q, search.tag, version]);

  /** The next page after those shown; a member who joined meanwhile may push one shown onto it, kept once. */
  async function showMore(shown: { members: Member[]; total: number }) {
    const standing = latest.standing();
    setMore(true);
    try {
      const [page, total] = await Promise.all([
        findMembers(search, shown.members.length, MEMBERS_PAGE),
        countMembers(search),
      ]);
      if (!standing()) return;
      const ids = new Set(shown.members.map((m) => m.id));
      const members = [...shown.members, ...page.filter((m) => !ids.has(m.id))];
      setFound({ members, total });
      onSearch({ ...search, shown: members.length });
    } catch (e) {
      if (standing()) setError(refusalOf(e).message);
    } finally {
      setMore(false);
    }
  }

  const unusable = queryOf(typed.q) === undefined;
  const searching = Boolean(search.q.trim() || search.tag.trim());
  const count = (n: number) => n.toLocaleString(dateLocale());
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
          if (unusable) return;
          onSearch({ ...typed, shown: MEMBERS_PAGE });
          // Asked again even when the words are the same: Find also brings the list up to date.
          setVersion((v) => v + 1);
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
              onSearch({ q: '', tag: '', shown: MEMBERS_PAGE });
            }}
          >
            {t('members.clear')}
          </button>
        )}
      </form>
      {unusable ? (
        <p class="field-error">{t('members.findHow')}</p>
      ) : (
        <p class="hint find-how">{t('members.findHint')}</p>
      )}
      {error && (
        <LoadError
          message={error}
          tryAgain={t('members.tryAgain')}
          onRetry={() => setVersion((v) => v + 1)}
        />
      )}
      {!found && !error && <p class="hint">{t('members.loading')}</p>}
      {found && found.members.length === 0 && (
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
      {found && found.members.length > 0 && (
        <>
          <p class="hint top" data-test="shown">
            {t(searching ? 'members.found' : 'members.newest', {
              total: count(found.total),
              shown: count(found.members.length),
            })}
          </p>
          <table class="grid members" data-test="members">
            <thead>
              <tr>
                <th>{t('members.memberNo')}</th>
                <th>{t('members.name')}</th>
                <th>{t('members.phone')}</th>
                <th>{t('members.tier')}</th>
                <th class="num">{t('members.points')}</th>
                <th>{t('members.tags')}</th>
                <th>{t('members.joined')}</th>
              </tr>
            </thead>
            <tbody>
              {found.members.map((m) => (
                <tr key={m.id} data-member={m.member_no}>
                  <td>
                    <a class="title" href={`#/members/${m.id}`}>
                      {m.member_no}
                    </a>
                  </td>
                  <td data-test="name">{m.name ?? '–'}</td>
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
          {found.members.length < found.total && (
            <div class="row pager">
              <button type="button" class="small" disabled={more} onClick={() => showMore(found)}>
                {more ? t('members.loading') : t('members.more')}
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}
