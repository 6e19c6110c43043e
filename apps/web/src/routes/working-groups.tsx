import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from '@tanstack/react-router';
import { useCollator } from '../api/format';
import { useAllWorkingGroups, useForums } from '../api/queries';
import { Page } from '../components/Page';
import { Empty, ErrorState, Loading } from '../components/States';

export function WorkingGroupsPage() {
  const intl = useIntl();
  const collator = useCollator();
  const forums = useForums();
  const { groups, isPending, error } = useAllWorkingGroups();
  return (
    <Page title={intl.formatMessage({ id: 'groups.title' })}>
      {isPending && <Loading />}
      {error && <ErrorState error={error} />}
      {!isPending && !groups.length && (
        <Empty>
          <FormattedMessage id="groups.empty" />
        </Empty>
      )}
      {forums.data?.items.map((forum) => {
        const own = groups.filter((group) => group.forum.slug === forum.slug).sort((a, b) => collator.compare(a.name, b.name));
        if (!own.length) return null;
        return (
          <section key={forum.slug} aria-labelledby={`groups-${forum.slug}`}>
            <h2 id={`groups-${forum.slug}`}>{forum.name}</h2>
            <ul className="list">
              {own.map((group) => (
                <li key={group.id} className="row">
                  <Link to="/working-groups/$id" params={{ id: group.id }}>
                    {group.name}
                  </Link>
                  <span className="muted">{intl.formatMessage({ id: 'group.members' }, { count: group.memberCount })}</span>
                  {group.membership?.status === 'active' && (
                    <span className="muted">
                      <FormattedMessage id="group.youAreMember" />
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </Page>
  );
}
