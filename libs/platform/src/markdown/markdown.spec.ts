import { Parser } from 'htmlparser2';
import { renderMarkdown, SAFE_HTML } from './markdown';

/**
 * Known XSS vectors (OWASP cheat sheet, PortSwigger, markdown-specific link and image tricks).
 * Each is rendered, then the output is parsed like a browser would and every element and
 * attribute is checked: nothing may be able to run script.
 */
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="javascript:alert(1)">',
  '<IMG SRC=JaVaScRiPt:alert(1)>',
  '<img src=`javascript:alert(1)`>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<body onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<style>body{background:url("javascript:alert(1)")}</style>',
  '<link rel=stylesheet href=javascript:alert(1)>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<input autofocus onfocus=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror="alert(1)"></video>',
  '<audio src=x onerror=alert(1)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<base href="javascript:alert(1)//">',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<<script>alert(1)//<</script>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '[click](javascript:alert(1))',
  '[click](JAVASCRIPT:alert(1))',
  '[click](javascript&#58;alert(1))',
  '[click](  javascript:alert(1)  )',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](file:///etc/passwd)',
  '![img](javascript:alert(1))',
  '![img](x" onerror="alert(1))',
  '![img](https://ok.example/a.png"onerror="alert(1))',
  '[x](https://ok.example/"onmouseover="alert(1))',
  '<https://ok.example/" onmouseover="alert(1)>',
  '<javascript:alert(1)>',
  '[a]: javascript:alert(1)\n\n[link][a]',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n```',
  '**<img src=x onerror=alert(1)>**',
  '> <iframe src=javascript:alert(1)>',
  '- <svg/onload=alert(1)>',
  '| a |\n|---|\n| <img src=x onerror=alert(1)> |',
  '<a href="https://ok.example" onclick="alert(1)">x</a>',
  '<span class="mention" data-user-id="x" onmouseover="alert(1)">@x</span>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<template><img src=x onerror=alert(1)></template>',
  '<isindex type=image src=1 onerror=alert(1)>',
  '<x onclick=alert(1)>click</x>',
];

const ALLOWED_TAGS = new Set(SAFE_HTML.allowedTags as string[]);
const SAFE_URL = /^(https?:|mailto:)/i;

interface Finding {
  tag: string;
  attribute?: string;
  value?: string;
}

function dangers(html: string): Finding[] {
  const found: Finding[] = [];
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        if (!ALLOWED_TAGS.has(tag)) found.push({ tag });
        for (const [attribute, value] of Object.entries(attributes)) {
          if (/^on/i.test(attribute) || attribute === 'srcdoc' || attribute === 'formaction') found.push({ tag, attribute, value });
          if ((attribute === 'href' || attribute === 'src') && !SAFE_URL.test(value.trim())) found.push({ tag, attribute, value });
          if (attribute === 'style' && /url\(|expression|javascript/i.test(value)) found.push({ tag, attribute, value });
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

describe('renderMarkdown', () => {
  it('has at least 50 payloads to try', () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(50);
  });

  it.each(PAYLOADS)('renders %j with nothing executable', (payload) => {
    const html = renderMarkdown(payload);
    // Escaped text such as "&lt;script&gt;" is harmless: only what parses as markup counts.
    expect(dangers(html)).toEqual([]);
  });

  it('keeps ordinary formatting, links and images', () => {
    expect(renderMarkdown('**bold** _em_ `code`')).toBe('<p><strong>bold</strong> <em>em</em> <code>code</code></p>');
    expect(renderMarkdown('[site](https://eurocities.example/a?b=1)')).toBe(
      '<p><a href="https://eurocities.example/a?b=1" rel="nofollow noopener noreferrer" target="_blank">site</a></p>',
    );
    expect(renderMarkdown('![map](https://maps.example/m.png)')).toBe('<p><img src="https://maps.example/m.png" alt="map" /></p>');
    expect(renderMarkdown('- one\n- two')).toBe('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
  });

  it('checks itself: the checker does flag a dangerous element', () => {
    expect(dangers('<img src=x onerror=alert(1)>')).not.toEqual([]);
    expect(dangers('<a href="javascript:alert(1)">x</a>')).not.toEqual([]);
  });
});
