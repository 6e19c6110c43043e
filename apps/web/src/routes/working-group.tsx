import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, useParams } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { Problem } from '@agora/contract';
import { $api } from '../api/client';
import { asProblem, isNotFound, PROBLEM_MESSAGES, queryError } from '../api/problem';
import type { WorkingGroup } from '../api/queries';
import { useSession } from '../api/session';
import { Page } from '../components/Page';
import { ErrorState, Loading } from '../components/States';
import { StartThreadDialog } from '../components/StartThreadDialog';
import { ThreadList } from '../components/ThreadList';
import { NotFoundPage } from './not-found';

type Path = { params: { path: { id: string } } };

/** Join a public group, ask to join a private one; the pending state is shown until a lead answers. */
function MembershipAction({ group, path }: { group: WorkingGroup; path: Path }) {
  const queryClient = useQueryClient();
  const join = $api.useMutation('post', '/api/working-groups/{id}/join', { onSuccess: () => queryClient.invalidateQueries() });
  const leave = $api.useMutation('post', '/api/working-groups/{id}/leave', { onSuccess: () => queryClient.invalidateQueries() });
  const membership = group.membership;
  if (membership?.status === 'pending')
    return (
      <p className="notice" role="status">
        <FormattedMessage id="group.pending" />
      </p>
    );
  if (membership?.status === 'active')
    return (
      <button type="button" className="button secondary" disabled={leave.isPending} onClick={() => leave.mutate(path)}>
        <FormattedMessage id="group.leave" />
      </button>
    );
  return (
    <button type="button" className="button" disabled={join.isPending} onClick={() => join.mutate(path)}>
      {group.visibility === 'private' ? <FormattedMessage id="group.requestToJoin" /> : <FormattedMessage id="group.join" />}
    </button>
  );
}

/** What a lead sees: requests to answer. */
function JoinRequests({ path }: { path: Path }) {
  const intl = useIntl();
  const queryClient = useQueryClient();
  const requests = $api.useQuery('get', '/api/working-groups/{id}/join-requests', path);
  const done = { onSuccess: () => queryClient.invalidateQueries() };
  const approve = $api.useMutation('post', '/api/working-groups/{id}/join-requests/{requestId}/approve', done);
  const decline = $api.useMutation('post', '/api/working-groups/{id}/join-requests/{requestId}/decline', done);
  const items = requests.data?.items ?? [];
  return (
    <section aria-labelledby="requests-heading">
      <h2 id="requests-heading">
        <FormattedMessage id="group.requests" values={{ count: items.length }} />
      </h2>
      {!items.length && (
        <p className="muted">
          <FormattedMessage id="group.requests.none" />
        </p>
      )}
      <ul className="list">
        {items.map((request) => {
          const params = { params: { path: { id: path.params.path.id, requestId: request.id } } };
          return (
            <li key={request.id} className="row">
              <span>
                {request.user.name}
                {request.user.city && ` (${request.user.city.name})`}
              </span>
              <button
                type="button"
                className="button"
                aria-label={intl.formatMessage({ id: 'group.approve.label' }, { name: request.user.name })}
                onClick={() => approve.mutate(params)}
              >
                <FormattedMessage id="group.approve" />
              </button>
              <button
                type="button"
                className="button secondary"
                aria-label={intl.formatMessage({ id: 'group.decline.label' }, { name: request.user.name })}
                onClick={() => decline.mutate(params)}
              >
                <FormattedMessage id="group.decline" />
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Members({ path, isLead }: { path: Path; isLead: boolean }) {
  const intl = useIntl();
  const queryClient = useQueryClient();
  const session = useSession();
  const members = $api.useQuery('get', '/api/working-groups/{id}/members', { params: { ...path.params, query: { limit: 100 } } });
  const remove = $api.useMutation('delete', '/api/working-groups/{id}/members/{userId}', {
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const [problem, setProblem] = useState<Problem | null>(null);
  const me = session.status === 'signed-in' ? session.user.id : '';
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">
        <FormattedMessage id="group.membersTitle" />
      </h2>
      {problem && (
        <p className="notice error" role="alert">
          {intl.formatMessage({ id: PROBLEM_MESSAGES[problem.code] })}
        </p>
      )}
      {!!queryError(members) && !isNotFound(queryError(members)) && <ErrorState error={queryError(members)} />}
      <ul className="list">
        {members.data?.items.map((member) => (
          <li key={member.id} className="row">
            <span>
              {member.user.name}
              {member.user.city && ` (${member.user.city.name})`}
            </span>
            {member.role === 'lead' && (
              <span className="muted">
                <FormattedMessage id="group.lead" />
              </span>
            )}
            {isLead && member.user.id !== me && (
              <button
                type="button"
                className="button secondary"
                aria-label={intl.formatMessage({ id: 'group.remove.label' }, { name: member.user.name })}
                onClick={() =>
                  window.confirm(intl.formatMessage({ id: 'group.remove.confirm' }, { name: member.user.name })) &&
                  remove.mutate(
                    { params: { path: { id: path.params.path.id, userId: member.user.id } } },
                    { onError: (error) => setProblem(asProblem(error)) },
                  )
                }
              >
                <FormattedMessage id="group.remove" />
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function WorkingGroupPage() {
  const intl = useIntl();
  const { id } = useParams({ from: '/authed/working-groups/$id' });
  const path = { params: { path: { id } } };
  const group = $api.useQuery('get', '/api/working-groups/{id}', path);
  const isMember = group.data?.membership?.status === 'active';
  const threads = $api.useQuery(
    'get',
    '/api/working-groups/{id}/threads',
    { params: { path: { id }, query: { limit: 50 } } },
    { enabled: !!group.data },
  );

  if (isNotFound(queryError(group))) return <NotFoundPage />;
  if (queryError(group)) return <ErrorState error={queryError(group)} onRetry={() => void group.refetch()} />;
  if (!group.data) return <Loading />;
  const data = group.data;
  const isLead = data.membership?.role === 'lead' && isMember;
  return (
    <Page title={data.name} actions={<MembershipAction group={data} path={path} />}>
      <p className="muted">
        <FormattedMessage
          id="group.inForum"
          values={{
            forum: (
              <Link to="/forums/$slug" params={{ slug: data.forum.slug }}>
                {data.forum.name}
              </Link>
            ),
          }}
        />
        {data.visibility === 'private' && ` · ${intl.formatMessage({ id: 'group.private' })}`}
      </p>
      <p>{data.description}</p>
      <p>
        <FormattedMessage
          id="group.leads"
          values={{ names: intl.formatList(data.leads.map((lead) => lead.name)), count: data.leads.length }}
        />
      </p>
      {isLead && <JoinRequests path={path} />}
      <Members path={path} isLead={isLead} />
      <section aria-labelledby="group-threads-heading">
        <div className="page-header">
          <h2 id="group-threads-heading">
            <FormattedMessage id="forum.threads" />
          </h2>
          {isMember && <StartThreadDialog groupId={id} />}
        </div>
        {threads.data && <ThreadList threads={threads.data.items} />}
      </section>
    </Page>
  );
}
