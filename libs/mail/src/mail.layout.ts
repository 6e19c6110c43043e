import { escapeHtml } from '@agora/platform';

/**
 * The frame of every Agora mail: a table layout (Outlook renders tables, not flex or grid)
 * with inline styles, 600 px wide, readable on a phone.
 */
export function mailLayout(options: { title: string; preheader: string; body: string; footer: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:Arial,Helvetica,sans-serif;color:#111827">
<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(options.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6">
<tr><td align="center" style="padding:24px 8px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:6px">
<tr><td style="padding:20px 24px;background:#1e3a8a;color:#ffffff;font-size:20px;font-weight:bold;border-radius:6px 6px 0 0">Agora</td></tr>
<tr><td style="padding:24px;font-size:15px;line-height:1.5">${options.body}</td></tr>
<tr><td style="padding:16px 24px;font-size:12px;color:#6b7280;border-top:1px solid #e5e7eb">${options.footer}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}
