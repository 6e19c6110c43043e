import { useEffect, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { api } from '../api/client';

/** The server's HTML for the draft (the renderer messages get), so the preview is what others will see. */
function usePreview(body: string): string | null {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      void api.POST('/api/markdown/preview', { body: { body } }).then(({ data }) => {
        if (current && data) setHtml(data.html);
      });
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [body]);
  return html;
}

export interface DraftPreviewProps {
  headingId: string;
  body: string;
}

/** Mounted while the preview is on, so it asks the server only then. */
export function DraftPreview({ headingId, body }: DraftPreviewProps) {
  const html = usePreview(body);
  return (
    <section className="preview" aria-labelledby={headingId}>
      <h2 id={headingId} className="preview-heading">
        <FormattedMessage id="thread.preview.heading" />
      </h2>
      {body.trim() && html !== null ? (
        <div className="message-body" dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <p className="muted">
          <FormattedMessage id="thread.preview.empty" />
        </p>
      )}
    </section>
  );
}
