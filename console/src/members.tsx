/** Members: the brand's members for staff. */
import { t } from './i18n';
import { Nav } from './nav';

export function MembersPage({ onOut }: { path: string[]; onOut: () => void }) {
  return (
    <>
      <Nav current="members" onOut={onOut} />
      <main class="page">
        <h1>{t('nav.members')}</h1>
      </main>
    </>
  );
}
