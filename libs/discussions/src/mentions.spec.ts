import { renderMarkdown } from '@agora/platform';
import { linkMentions, mentionedNames } from './mentions';

describe('linkMentions', () => {
  const link = (body: string, name: string) => linkMentions(renderMarkdown(body), [{ id: 'u1', name }]);

  it('links a mention as rendered, whatever quotes or markup characters the name holds', () => {
    for (const name of ['Giulia Rossi', "Maria D'Angelo", 'Anna "Nina" Bauer', 'Tom & <Jerry>']) {
      expect(mentionedNames(`hi @**${name}**`)).toEqual([name]);
      expect(link(`hi @**${name}**`, name)).toContain('<span class="mention" data-user-id="u1">@');
    }
  });

  it('shows the name escaped, never as markup', () => {
    expect(link('hi @**Tom & <Jerry>**', 'Tom & <Jerry>')).toContain('@Tom &amp; &lt;Jerry&gt;</span>');
  });
});
