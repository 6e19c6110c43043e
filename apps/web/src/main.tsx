import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { queryClient } from './api/client';
import { restoreSession } from './api/auth';
import { I18nProvider } from './i18n/I18nProvider';
import { router } from './router';
import './styles.css';

async function start(): Promise<void> {
  // Before the first route decides whether a sign-in is needed, the refresh cookie may restore the session.
  await restoreSession().catch(() => undefined);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <RouterProvider router={router} />
        </I18nProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}

void start();
