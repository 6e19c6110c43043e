import { useEffect, useRef, type ReactNode } from 'react';
import { useIntl } from 'react-intl';

let navigated = false;

/** Set by the router after the first navigation: from then on each page takes the focus. */
export function markNavigated(): void {
  navigated = true;
}

/**
 * A page's heading and title. After a navigation the focus moves to the h1, so a screen-reader
 * or keyboard user starts at the new page's top (not on the link they followed, now gone),
 * and the document title names the page.
 */
export function Page({ title, children, actions }: { title: string; children?: ReactNode; actions?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const intl = useIntl();
  useEffect(() => {
    document.title = intl.formatMessage({ id: 'app.title' }, { page: title });
    if (navigated) heading.current?.focus();
  }, [title, intl]);
  return (
    <>
      <div className="page-header">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {actions}
      </div>
      {children}
    </>
  );
}
