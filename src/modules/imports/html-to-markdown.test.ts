import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderMarkdown } from '../../platform/markdown/index.js';
import { escapeDollars, htmlToMarkdown } from './html-to-markdown.js';

const base = { baseUrl: 'https://ai.stackexchange.com/' };

describe('htmlToMarkdown', () => {
  test('code blocks become fenced, with the language Stack Exchange hinted', () => {
    const md = htmlToMarkdown(
      '<pre class="lang-py prettyprint-override"><code>x = 1\nprint(x &lt; 2)\n</code></pre>',
    );
    assert.equal(md, '```py\nx = 1\nprint(x < 2)\n```');
    assert.equal(htmlToMarkdown('<pre><code>plain</code></pre>'), '```\nplain\n```');
    // A fence longer than any run of backticks inside.
    assert.equal(htmlToMarkdown('<pre><code>a ``` b</code></pre>'), '````\na ``` b\n````');
  });

  test('scripts, styles and event-handler attributes do not survive', () => {
    const md = htmlToMarkdown(
      '<p onclick="steal()">Hi <b onmouseover="x()">there</b></p><script>alert(1)</script><style>p{}</style><iframe src="https://evil.example"></iframe>',
    );
    assert.equal(md, 'Hi **there**');
    const { html } = renderMarkdown(md, { mode: 'full' });
    assert.doesNotMatch(html, /<script|onclick|onmouseover|iframe/);
  });

  test('HTML written as text stays text', () => {
    const md = htmlToMarkdown('<p>Use &lt;script&gt; tags &amp; co.</p>');
    const { html } = renderMarkdown(md, { mode: 'full' });
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /&lt;script&gt;/);
  });

  test('links and images are kept, made absolute; unsafe schemes become text', () => {
    assert.equal(
      htmlToMarkdown(
        '<p>See <a href="/questions/11">this</a> and <a href="javascript:alert(1)">that</a>.</p>',
        base,
      ),
      'See [this](https://ai.stackexchange.com/questions/11) and that.',
    );
    assert.equal(
      htmlToMarkdown('<img src="//i.sstatic.net/a.png" alt="a [b]" onerror="x()">', base),
      '![a  b ](https://i.sstatic.net/a.png)',
    );
    assert.equal(
      htmlToMarkdown('<a href="https://en.wikipedia.org/wiki/Foo_(bar)">Foo</a>'),
      '[Foo](https://en.wikipedia.org/wiki/Foo_%28bar%29)',
    );
  });

  test('tables and strikethrough use the GFM syntax markdown-it reads', () => {
    const md = htmlToMarkdown(
      '<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table><p><strike>old</strike></p>',
    );
    assert.equal(md, '| a | b |\n| --- | --- |\n| 1 | 2 |\n\n~~old~~');
    const { html } = renderMarkdown(md, { mode: 'full' });
    assert.match(html, /<table/);
    assert.match(html, /<s>old<\/s>/);
  });

  test('on a site with formulas, $…$ is kept verbatim (no escaped underscores)', () => {
    const md = htmlToMarkdown('<p>Let $a_1 * b_2$ and $$\\sum_i x_i$$ be_given.</p>', { math: true });
    assert.equal(md, 'Let $a_1 * b_2$ and $$\\sum_i x_i$$ be\\_given.');
    assert.match(renderMarkdown(md, { mode: 'full' }).html, /<math/);
  });

  test('elsewhere "$" is a dollar sign', () => {
    const md = htmlToMarkdown('<p>It costs $5 or $10, not $x$.</p>');
    assert.equal(md, 'It costs \\$5 or \\$10, not \\$x\\$.');
    const { html, text } = renderMarkdown(md, { mode: 'full' });
    assert.doesNotMatch(html, /<math/);
    assert.equal(text.trim(), 'It costs $5 or $10, not $x$.');
  });
});

describe('htmlToMarkdown: what imported posts lost', () => {
  test('http images on hosts that serve https are stored as https; others stay for the renderer to link', () => {
    assert.equal(
      htmlToMarkdown('<p><img src="http://i.stack.imgur.com/Xy1.jpg" alt="foam"></p>', base),
      '![foam](https://i.stack.imgur.com/Xy1.jpg)',
    );
    const md = htmlToMarkdown('<p><img src="http://homebrew.example/keg.png" alt="keg"></p>', base);
    assert.equal(md, '![keg](http://homebrew.example/keg.png)');
    assert.match(renderMarkdown(md).html, /<a href="http:\/\/homebrew\.example\/keg\.png"[^>]*>keg<\/a>/);
  });

  test('<sub> and <sup> survive as subscripts and superscripts', () => {
    const md = htmlToMarkdown('<p>CO<sub>2</sub> at 10<sup>5</sup> Pa, x<sup>a b</sup></p>');
    assert.equal(md, 'CO~2~ at 10^5^ Pa, x^a\\ b^');
    assert.equal(renderMarkdown(md).html, '<p>CO<sub>2</sub> at 10<sup>5</sup> Pa, x<sup>a b</sup></p>\n');
  });

  test('tildes and carets in text stay text', () => {
    const md = htmlToMarkdown('<p>H~2~O, 2^10^ and ~5 ms</p>');
    assert.equal(renderMarkdown(md).html, '<p>H~2~O, 2^10^ and ~5 ms</p>\n');
  });

  test('"1) …" paragraphs stay paragraphs, not a list', () => {
    const md = htmlToMarkdown('<p>1) Mash at 65 °C.</p><p>2) Boil for an hour.<br>3) Chill.</p>');
    const { html } = renderMarkdown(md);
    assert.doesNotMatch(html, /<ol|<li/);
    assert.equal(html, '<p>1) Mash at 65 °C.</p>\n<p>2) Boil for an hour.<br>\n3) Chill.</p>\n');
    // Real lists are still lists.
    assert.match(renderMarkdown(htmlToMarkdown('<ol><li>a</li><li>b</li></ol>')).html, /<ol>/);
  });
});

describe('escapeDollars', () => {
  test('escapes "$" outside code spans only, once', () => {
    assert.equal(escapeDollars('pay $5 for `echo $HOME` or $$'), 'pay \\$5 for `echo $HOME` or \\$\\$');
    assert.equal(escapeDollars('already \\$5'), 'already \\$5');
  });
});
