import { useParams } from '@tanstack/react-router';
import { $api } from '../api/client';
import { isNotFound, queryError } from '../api/problem';
import { Page } from '../components/Page';
import { ErrorState, Loading } from '../components/States';
import { NotFoundPage } from './not-found';

/** The live thread view is built on this route separately; until then it shows the thread's title. */
export function ThreadPage() {
  const { id } = useParams({ from: '/authed/threads/$id' });
  const thread = $api.useQuery('get', '/api/threads/{id}', { params: { path: { id } } });
  if (isNotFound(queryError(thread))) return <NotFoundPage />;
  if (queryError(thread)) return <ErrorState error={queryError(thread)} />;
  if (!thread.data) return <Loading />;
  return <Page title={thread.data.title} />;
}
