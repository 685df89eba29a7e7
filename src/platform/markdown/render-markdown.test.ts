import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DefaultTreeAdapterMap, parseFragment } from 'parse5';
import { MATH_LIMITS, renderMarkdown } from './index.js';
import { isOffSiteUrl } from './url-policy.js';

type Node = DefaultTreeAdapterMap['node'];

// --- the checker: parse the output as a browser would (parse5 is a spec-compliant HTML parser,
// MathML and SVG foreign content included) and list everything that could execute or load.

const FORBIDDEN_ELEMENTS = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'link',
  'meta',
  'base',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'template',
  'noscript',
  'portal',
  'annotation-xml', // MathML's door back into HTML, a classic mutation-XSS vector
]);
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'background',
  'poster',
  'data',
  'cite',
  'codebase',
  'ping',
  'lowsrc',
  'dynsrc',
]);
const MATHML = 'http://www.w3.org/1998/Math/MathML';

/** True when a browser would resolve the URL to http(s), mailto, or the page's own scheme. */
function isHarmlessUrl(value: string): boolean {
  // What the WHATWG URL parser does first: trim C0 controls and spaces, drop tabs and newlines.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  const cleaned = value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'http' || scheme === 'https' || scheme === 'mailto';
}

function dangers(html: string): string[] {
  const found: string[] = [];
  const visit = (node: Node): void => {
    if (node.nodeName === '#comment') found.push('comment node');
    if ('tagName' in node) {
      const tag = node.tagName.toLowerCase();
      if (FORBIDDEN_ELEMENTS.has(tag)) found.push(`<${tag}>`);
      for (const attr of node.attrs) {
        const name = (attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name).toLowerCase();
        if (name.startsWith('on')) found.push(`${tag}[${name}]`);
        if (name === 'style' || name === 'srcset') found.push(`${tag}[${name}]`);
        if (node.namespaceURI === MATHML && name.endsWith('href')) found.push(`math ${tag}[${name}]`);
        if ((URL_ATTRIBUTES.has(name) || name.endsWith(':href')) && !isHarmlessUrl(attr.value)) {
          found.push(`${tag}[${name}=${JSON.stringify(attr.value)}]`);
        }
      }
      // Only a plain path or fragment of this site may go without the off-site rel.
      const href = node.attrs.find((a) => a.name === 'href')?.value ?? '';
      const onSite = /^(?:\/(?![/\\])|#)/.test(href) && !/[\t\n\r\\]/.test(href);
      if (
        tag === 'a' &&
        !onSite &&
        node.attrs.find((a) => a.name === 'rel')?.value !== 'nofollow ugc noopener noreferrer'
      ) {
        found.push('a without rel');
      }
    }
    if ('childNodes' in node) for (const child of node.childNodes) visit(child);
    if ('content' in node) visit(node.content);
  };
  visit(parseFragment(html));
  return found;
}

function assertSafe(source: string): void {
  for (const mode of ['full', 'inline'] as const) {
    const { html, text } = renderMarkdown(source, { mode });
    assert.deepEqual(dangers(html), [], `${mode}: ${JSON.stringify(source)}\n=> ${html}`);
    assert.equal(typeof text, 'string');
  }
}

describe('the checker itself', () => {
  it('catches what it is meant to catch', () => {
    assert.ok(dangers('<script>x</script>').length > 0);
    assert.ok(dangers('<img src=x onerror=alert(1)>').length > 0);
    assert.ok(
      dangers('<a href="java&#x09;script:alert(1)" rel="nofollow ugc noopener noreferrer">x</a>').length > 0,
    );
    assert.ok(
      dangers('<a href=" \u0001JaVaScRiPt:x" rel="nofollow ugc noopener noreferrer">x</a>').length > 0,
    );
    assert.ok(dangers('<math><mi xlink:href="https://x">y</mi></math>').length > 0);
    assert.ok(dangers('<p style="color:red">x</p>').length > 0);
    assert.ok(dangers('<img src="data:image/svg+xml,x">').length > 0);
    assert.deepEqual(dangers('<p><a href="/q/1" rel="nofollow ugc noopener noreferrer">x</a></p>'), []);
    assert.deepEqual(dangers('<p><a href="/q/1">x</a></p>'), []);
    assert.ok(dangers('<p><a href="//evil.example">x</a></p>').length > 0);
    assert.ok(dangers('<p><a href="/\\evil.example">x</a></p>').length > 0);
  });
});

// --- XSS vectors

const XSS_VECTORS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<a href="javascript:alert(1)">x</a>',
  '<div onclick="alert(1)">x</div>',
  '<p style="background:url(javascript:alert(1))">x</p>',
  '<scr<script>ipt>alert(1)</script>',
  '<script',
  '<img src="x" onerror="alert(1)"',
  '<style>@import "https://evil.example/x.css";</style>',
  '<base href="javascript:/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<math href="javascript:alert(1)">x</math>',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<!-- <script>alert(1)</script> -->',
  '<details open ontoggle=alert(1)>',
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](java&#x09;script:alert(1))',
  '[x](java&#9;script:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1))',
  '[x](javascript&colon;alert(1))',
  '[x](<javascript:alert(1)>)',
  '[x](< javascript:alert(1)>)',
  '[x](\u0001javascript:alert(1))',
  '[x](<\u0001javascript:alert(1)>)',
  '[x]( javascript:alert(1) )',
  '[x](vbscript:msgbox(1))',
  '[x](file:///etc/passwd)',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](DATA:text/html,<script>alert(1)</script>)',
  '[x](javascript:alert`1`)',
  '[x](javascript://%0aalert(1))',
  '[a]: javascript:alert(1)\n\n[a]',
  '[a]: <javascript:alert(1)>\n\n[x][a]',
  '![x](javascript:alert(1))',
  '![x](data:image/svg+xml,<svg onload=alert(1)>)',
  '![x](data:image/png;base64,iVBORw0KGgo=)',
  '![x](file:///etc/passwd)',
  '<javascript:alert(1)>',
  '<JAVASCRIPT:alert(1)>',
  '<vbscript:msgbox(1)>',
  '<data:text/html,<script>alert(1)</script>>',
  'javascript:alert(1)',
  '[x](https://example.com "a\\" onmouseover=\\"alert(1)")',
  '[x](https://example.com \'a" onmouseover="alert(1)\')',
  '![a" onerror="alert(1)](https://example.com/a.png)',
  '![a\' onerror=\'alert(1)](https://example.com/a.png "t\\" onload=\\"alert(1)")',
  '[<img src=x onerror=alert(1)>](https://example.com)',
  '[x](https://example.com/"><script>alert(1)</script>)',
  '```"><script>alert(1)</script>\ncode\n```',
  '```js onload=alert(1)\ncode\n```',
  '```<img/src/onerror=alert(1)>\ncode\n```',
  '``` __proto__\ncode\n```',
  '```constructor\ncode\n```',
  '`<script>alert(1)</script>`',
  '| <script>alert(1)</script> |\n|:-:|\n| <img src=x onerror=alert(1)> |',
  '> <iframe src=javascript:alert(1)>',
  '# <svg onload=alert(1)>',
  '$\\href{javascript:alert(1)}{click}$',
  '$$\\href{javascript:alert(1)}{click}$$',
  '$\\url{javascript:alert(1)}$',
  '$\\htmlClass{x}{y}$ $\\htmlId{x}{y}$ $\\htmlStyle{color:red}{y}$ $\\htmlData{foo=bar}{y}$',
  '$\\includegraphics{https://evil.example/x.png}$',
  '$\\pmb{x}$ $\\fcolorbox{red}{blue}{x}$ $\\colorbox{red}{x}$ $\\color{red}{x}$',
  '$\\text{<script>alert(1)</script>}$',
  '$</math><script>alert(1)</script>$',
  '$$\n</annotation></semantics></math><img src=x onerror=alert(1)>\n$$',
  '```math\n\\href{javascript:alert(1)}{x}\n```',
  'https://example.com/<script>alert(1)</script>',
  'https://example.com/"onmouseover="alert(1)',
  'mailto:a@b.c?body=<script>',
];

describe('renderMarkdown: nothing executable comes out', () => {
  for (const vector of XSS_VECTORS) {
    it(JSON.stringify(vector), () => assertSafe(vector));
  }

  it('shows raw HTML as text', () => {
    const { html } = renderMarkdown('<script>alert(1)</script> <b>bold</b>');
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &lt;b&gt;bold&lt;\/b&gt;/);
  });

  it('leaves refused links and images as literal text', () => {
    for (const source of [
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '![x](data:image/png;base64,AAAA)',
    ]) {
      const { html } = renderMarkdown(source);
      assert.doesNotMatch(html, /<a |<img /, source);
      assert.match(html, /\]\(/, source);
    }
  });

  it('refuses relative and mailto images but keeps their text', () => {
    const { html } = renderMarkdown('![logo](/logout) ![m](mailto:a@b.c)');
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /!\[logo\]\(\/logout\)/);
  });

  it('escapes quotes in titles and alt text', () => {
    const { html } = renderMarkdown('![a" onerror="x](https://example.com/a.png "t\\" onload=\\"y")');
    assert.match(html, /alt="a&quot; onerror=&quot;x"/);
    assert.match(html, /title="t&quot; onload=&quot;y"/);
  });

  it('renders refused and invalid TeX as text, never as KaTeX error markup', () => {
    for (const source of [
      '$\\frac{$',
      '$\\def\\a{x}\\a$',
      '$$\\newcommand{\\a}{x}\\a$$',
      '$\\begin{matrix}$',
    ]) {
      const { html } = renderMarkdown(source);
      assert.match(html, /class="math-error"/, source);
      assert.doesNotMatch(html, /<math|katex-error/, source);
    }
  });

  it('does not let a \\gdef leak into later formulas', () => {
    renderMarkdown('$\\gdef\\leak{LEAKED}$');
    const { html } = renderMarkdown('$\\leak$');
    assert.doesNotMatch(html, /LEAKED/);
  });

  it('strips the style attributes KaTeX puts in MathML', () => {
    const { html } = renderMarkdown('$\\pmb{x} + \\fcolorbox{red}{blue}{y}$');
    assert.match(html, /<math/);
    assert.doesNotMatch(html, /\sstyle=/);
  });
});

// --- naughty strings (after the Big List of Naughty Strings), alone and in every construct

const NAUGHTY_STRINGS = [
  '',
  ' ',
  '\u00a0\u2003\u3000',
  'undefined',
  'null',
  'NaN',
  '-1.00',
  '0xffffffffffffffff',
  '1e308',
  '١٢٣',
  'Ω≈ç√∫˜µ≤≥÷',
  '¡™£¢∞§¶•ªº–≠',
  '田中さんにあげて下さい',
  '사회과학원 어학연구소',
  '表ポあA鷗ŒéＢ逍Üßªąñ丂㐀𠀀',
  'בְּרֵאשִׁית, בָּרָא אֱלֹהִים',
  'مرحبا بالعالم',
  '\u202Etest\u202C abc',
  '\u2066test\u2067',
  '\u200B\u200C\u200D\uFEFF',
  '😀👨‍👩‍👧‍👦🏳️‍🌈 ❤️',
  '𝕋𝕙𝕖 𝕢𝕦𝕚𝕔𝕜 𝐀𝐁𝐂',
  'Ṱ̺̺̕o͞ ̷i̲̬͇̪͙n̝̗͕v̟̜̘̦͟o̶̙̰̠kè͚̮̺̪̹̱̤ ̖t̝͕̳̣̻̪͞h̼͓̲̦̳̘̲e͇̣̰̦̬͎ ̢̼̻̱̘h͚͎͙̜̣̲ͅi̦̲̣̰̤v̻͍e̺̭̳̪̰',
  'ﷺ ﷽',
  '\uD800 lone \uDFFF surrogates',
  "' OR '1'='1",
  '1; DROP TABLE users--',
  "admin'--",
  '{{7*7}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
  '${7*7}',
  '<%= 7*7 %>',
  '#{7*7}',
  '{{constructor.constructor("alert(1)")()}}',
  '&lt;script&gt;alert(&#39;1&#39;);&lt;/script&gt;',
  '"><script>alert(1)</script>',
  "'><svg/onload=alert(1)>",
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
  '<<SCRIPT>alert("XSS");//<</SCRIPT>',
  '`"\'><img src=xxx:x onerror=javascript:alert(1)>',
  '%3Cscript%3Ealert(1)%3C/script%3E',
  '\\x3cscript\\x3ealert(1)\\x3c/script\\x3e',
  '$(touch /tmp/blns.fail)',
  '../../../../../../etc/passwd',
  'Roses are \u001b[0;31mred\u001b[0m',
  '\u0000\u0001\u0002\u0007\u007f\u0085',
  '__proto__',
  'constructor',
];

const CONTEXTS: Array<(s: string) => string> = [
  (s) => s,
  (s) => `[${s}](https://example.com/${s} "${s}")`,
  (s) => `![${s}](https://example.com/a.png "${s}")`,
  (s) => `\`${s}\``,
  (s) => `\`\`\`${s}\n${s}\n\`\`\``,
  (s) => `$${s}$ and $$${s}$$`,
  (s) => `$$\n${s}\n$$`,
  (s) => `| ${s} |\n|---|\n| ${s} |`,
  (s) => `> # ${s}\n> - ${s}`,
  (s) => `[${s}]: ${s}\n\n[${s}]`,
  (s) => `https://example.com/?q=${s}`,
];

describe('renderMarkdown: naughty strings', () => {
  for (const naughty of NAUGHTY_STRINGS) {
    it(JSON.stringify(naughty), () => {
      for (const wrap of CONTEXTS) assertSafe(wrap(naughty));
    });
  }

  it('keeps template syntax as plain text', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
    const { html } = renderMarkdown('{{7*7}} ${7*7} <%= 7*7 %> #{7*7}');
    assert.doesNotMatch(html, /49/);
    assert.match(html, /^<p>\{\{7.*\$\{7.*&lt;%= 7.*#\{7/);
  });

  it('turns NUL into U+FFFD and survives other control characters', () => {
    const { html, text } = renderMarkdown('a\u0000b\u0001c *d*');
    assert.match(html, /a\uFFFDb/);
    assert.match(html, /<em>d<\/em>/);
    assert.equal(text, 'a\uFFFDb c d');
  });
});

// --- what members can use

describe('renderMarkdown: features', () => {
  it('highlights fenced code in a known language', () => {
    const { html } = renderMarkdown('```js\nconst a = 1;\n```');
    assert.match(html, /^<pre><code class="hljs language-js"><span class="hljs-keyword">const<\/span>/);
  });

  it('accepts language aliases and case', () => {
    assert.match(renderMarkdown('```Python\nx = 1\n```').html, /class="hljs language-python"/);
    assert.match(renderMarkdown('```ts\nlet a: number;\n```').html, /class="hljs language-ts"/);
    assert.match(renderMarkdown('```dockerfile\nFROM node\n```').html, /hljs-keyword/);
  });

  it('shows unknown or unnamed languages as plain escaped text', () => {
    assert.equal(
      renderMarkdown('```nosuchlang\n<b>&\n```').html,
      '<pre><code class="hljs">&lt;b&gt;&amp;\n</code></pre>\n',
    );
    assert.equal(
      renderMarkdown('```\nif (a) {}\n```').html,
      '<pre><code class="hljs">if (a) {}\n</code></pre>\n',
    );
    assert.equal(
      renderMarkdown('    indented <i>\n').html,
      '<pre><code class="hljs">indented &lt;i&gt;\n</code></pre>\n',
    );
  });

  it('escapes inline code', () => {
    assert.equal(renderMarkdown('`<a href="x">`').html, '<p><code>&lt;a href=&quot;x&quot;&gt;</code></p>\n');
  });

  it('renders inline and display math as KaTeX HTML (classes, no style) with MathML beside it', () => {
    const { html } = renderMarkdown('Euler: $e^{i\\pi} + 1 = 0$\n\n$$\n\\int_0^1 x\\,dx = \\frac{1}{2}\n$$');
    assert.match(
      html,
      /<p>Euler: <span class="katex"><span class="katex-mathml"><math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML">/,
    );
    assert.match(
      html,
      /<div class="math-display"><span class="katex-display"><span class="katex"><span class="katex-mathml"><math [^>]*display="block"/,
    );
    assert.match(
      html,
      /<span class="katex-html" aria-hidden="true"><span class="base"><span class="strut k-h-\d+/,
    );
    assert.doesNotMatch(html, /\sstyle=/);
    assert.match(renderMarkdown('```math\nx^2\n```').html, /<div class="math-display">/);
    assert.match(renderMarkdown('$$x^2$$').html, /^<div class="math-display">/);
    assert.match(
      renderMarkdown('in a line $$x^2$$ too').html,
      /<p>in a line <span class="katex-display"><span class="katex"><span class="katex-mathml"><math [^>]*display="block"/,
    );
  });

  it('finds display blocks inside lists and quotes, and keeps unclosed ones as text', () => {
    assert.match(
      renderMarkdown('- item\n\n  $$\n  a^2\n  $$\n- next').html,
      /<li>\n<p>item<\/p>\n<div class="math-display">/,
    );
    assert.match(
      renderMarkdown('> $$\n> x\n> $$\n\nafter').html,
      /<blockquote class="blockquote">\n<div class="math-display">/,
    );
    assert.match(
      renderMarkdown('para\n$$\nx\n$$\nmore').html,
      /^<p>para<\/p>\n<div class="math-display">.*<\/div>\n<p>more<\/p>\n$/s,
    );
    assert.match(
      renderMarkdown('$$\nx\ny $$ tail').html,
      /<pre class="math-error"><code>\$\$\nx\ny \$\$ tail\n\$\$<\/code><\/pre>/,
    );
    assert.equal(renderMarkdown('$$$').html, '<p>$$$</p>\n');
  });

  it('keeps dollar amounts as text', () => {
    for (const source of [
      'costs $5 and $10',
      'costs $5, or $10.',
      'from $ 5 to $ 10',
      'US$5 and US$10',
      'echo $HOME $PATH',
      'price: \\$x\\$',
    ]) {
      assert.doesNotMatch(renderMarkdown(source).html, /<math/, source);
    }
    assert.equal(renderMarkdown('costs $5 and $10').html, '<p>costs $5 and $10</p>\n');
  });

  it('handles math next to CJK text and escaped dollars inside formulas', () => {
    assert.match(renderMarkdown('设$x$为实数').html, /<p>设<span class="katex">.*<\/span>为实数<\/p>/);
    assert.match(
      renderMarkdown('$a\\$b$').html,
      /<annotation encoding="application\/x-tex">a\\\$b<\/annotation>/,
    );
  });

  it('renders tables with Bootstrap classes and alignment as classes', () => {
    const { html } = renderMarkdown('| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |');
    assert.match(html, /<div class="table-responsive">\n<table class="table table-sm">/);
    assert.match(
      html,
      /<th class="text-start">a<\/th>\n<th class="text-center">b<\/th>\n<th class="text-end">c<\/th>/,
    );
    assert.doesNotMatch(html, /\sstyle=/);
  });

  it('adds rel to every link to another site, plain and autolinked, and none to this site’s', () => {
    const { html } = renderMarkdown(
      '[a](https://example.com) [b](/questions/1) [c](#x) <https://x.org> see https://y.org and a@b.co',
    );
    const rels = html.match(/rel="nofollow ugc noopener noreferrer"/g) ?? [];
    assert.equal(rels.length, 4);
    assert.match(html, /<a href="\/questions\/1">b<\/a>/);
    assert.match(html, /<a href="#x">c<\/a>/);
    assert.match(html, /<a href="mailto:a@b.co" rel/);
    assert.doesNotMatch(html, /target=/);
  });

  it('counts links a browser takes to another host as off-site, however they start', () => {
    for (const source of [
      '[x](//evil.example)',
      '[x](//evil.example/path?q#f)',
      '[x](<//evil.example>)',
      '[x](///evil.example)',
      '[x](HTTPS://evil.example)',
      '[x](http:evil.example)',
      '[x](https:/evil.example)',
    ]) {
      for (const mode of ['full', 'inline'] as const) {
        const { html } = renderMarkdown(source, { mode });
        const link = /<a [^>]*>/.exec(html)?.[0];
        assert.ok(link, `${mode}: ${source} => ${html}`);
        assert.match(link, /rel="nofollow ugc noopener noreferrer"/, `${mode}: ${source} => ${html}`);
      }
    }
    for (const url of [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '///x',
      'mailto:a@b.co',
      'http:x',
    ]) {
      assert.equal(isOffSiteUrl(url), true, JSON.stringify(url));
    }
    for (const url of ['/questions/1', '/%5Cevil.example', '/a//b', '#answer-2', '/?q=//x']) {
      assert.equal(isOffSiteUrl(url), false, url);
    }
    // A backslash is percent-encoded (a path, on this site) or leaves no link at all.
    for (const source of ['[x](/\\evil.example)', '[x](\\\\evil.example)', '[x](/%5Cevil.example)']) {
      const { html } = renderMarkdown(source);
      assert.deepEqual(dangers(html), [], `${source} => ${html}`);
      assert.doesNotMatch(html, /href="[^"]*\\/, source);
    }
  });

  it('does not linkify bare file names', () => {
    assert.doesNotMatch(renderMarkdown('see README.md and node.js').html, /<a /);
  });

  it('stops autolinks at CJK punctuation', () => {
    assert.match(
      renderMarkdown('请看https://example.com/a。谢谢').html,
      /<a href="https:\/\/example.com\/a" rel="[^"]+">https:\/\/example.com\/a<\/a>。谢谢/,
    );
  });

  it('embeds https images lazily without a referrer', () => {
    assert.equal(
      renderMarkdown('![a cat](https://example.com/cat.png "Cat")').html,
      '<p><img src="https://example.com/cat.png" alt="a cat" title="Cat" loading="lazy" referrerpolicy="no-referrer"></p>\n',
    );
  });

  it('upgrades http images on hosts that serve https', () => {
    assert.equal(
      renderMarkdown('![hops](http://i.stack.imgur.com/AbC.png)').html,
      '<p><img src="https://i.stack.imgur.com/AbC.png" alt="hops" loading="lazy" referrerpolicy="no-referrer"></p>\n',
    );
    assert.match(
      renderMarkdown('![x](http://i.sstatic.net/q.jpg)').html,
      /src="https:\/\/i\.sstatic\.net\/q\.jpg"/,
    );
    assert.match(
      renderMarkdown('![x](http://cdn.sstatic.net:80/a.png)').html,
      /src="https:\/\/cdn\.sstatic\.net\/a\.png"/,
    );
  });

  it('links other http images instead of embedding what the CSP would block', () => {
    const { html, text } = renderMarkdown(
      '![a pint](http://brewery.example/pint.jpg) and ![](http://x.example/b.png)',
    );
    assert.doesNotMatch(html, /<img/);
    assert.equal(
      html,
      '<p><a href="http://brewery.example/pint.jpg" rel="nofollow ugc noopener noreferrer" class="image-link">a pint</a> and <a href="http://x.example/b.png" rel="nofollow ugc noopener noreferrer" class="image-link">http://x.example/b.png</a></p>\n',
    );
    assert.equal(text, 'a pint and http://x.example/b.png');
    assertSafe('![x](http://evil.example/"onerror="alert(1))');
    // Not an upgrade by suffix: only the host itself or its subdomains.
    assert.doesNotMatch(renderMarkdown('![x](http://evilimgur.com/a.png)').html, /<img/);
  });

  it('renders subscripts and superscripts', () => {
    const { html, text } = renderMarkdown('CO~2~ at 2^10^ Pa; ~5 ms and ~10 ms stay text');
    assert.equal(html, '<p>CO<sub>2</sub> at 2<sup>10</sup> Pa; ~5 ms and ~10 ms stay text</p>\n');
    assert.equal(text, 'CO2 at 210 Pa; ~5 ms and ~10 ms stay text');
  });

  it('renders Chinese and mixed CJK/English text', () => {
    const { html, text } = renderMarkdown('# 标题\n\n中文段落，**加粗**和`code`混排 English 单词。');
    assert.equal(
      html,
      '<h3>标题</h3>\n<p>中文段落，<strong>加粗</strong>和<code>code</code>混排 English 单词。</p>\n',
    );
    assert.equal(text, '标题 中文段落，加粗和code混排 English 单词。');
  });

  it('demotes headings by two levels, capped at h6', () => {
    const { html } = renderMarkdown('# a\n## b\n### c\n#### d\n##### e\n###### f\n\nSetext\n===');
    assert.equal(
      html,
      '<h3>a</h3>\n<h4>b</h4>\n<h5>c</h5>\n<h6>d</h6>\n<h6>e</h6>\n<h6>f</h6>\n<h3>Setext</h3>\n',
    );
  });

  it('gives blockquotes the Bootstrap class; keeps lists and strikethrough', () => {
    const { html } = renderMarkdown('> quoted\n\n- one\n- ~~two~~');
    assert.match(html, /<blockquote class="blockquote">/);
    assert.match(html, /<ul>\n<li>one<\/li>\n<li><s>two<\/s><\/li>\n<\/ul>/);
  });

  it('inline mode keeps inline markup and shows blocks as text', () => {
    const source =
      '# not a heading\n> not a quote\n\n| a |\n|---|\n\n*em* `code` $x$ [l](https://a.b) ![i](https://a.b/i.png)';
    const { html } = renderMarkdown(source, { mode: 'inline' });
    assert.doesNotMatch(html, /<h\d|<blockquote|<table|<img|<p>|<pre/);
    assert.match(html, /^# not a heading\n&gt; not a quote/);
    assert.match(
      html,
      /<em>em<\/em> <code>code<\/code> <span class="katex"><span class="katex-mathml"><math/,
    );
    assert.match(html, /<a href="https:\/\/a.b" rel="nofollow ugc noopener noreferrer">l<\/a>/);
    assert.match(html, /!<a href="https:\/\/a.b\/i.png"/);
    assert.doesNotMatch(renderMarkdown('$$x$$', { mode: 'inline' }).html, /display="block"|math-display/);
  });

  it('text output strips markup, keeps code and collapses whitespace', () => {
    const source =
      '# Title\n\nSome **bold** and [a link](https://example.com)   here.\n\n```js\nconst  a = 1;\n```\n\n| h |\n|---|\n| cell |\n\n$x^2$ ![alt text](https://a.b/c.png)';
    assert.equal(
      renderMarkdown(source).text,
      'Title Some bold and a link here. const a = 1; h cell x² alt text',
    );
    assert.equal(renderMarkdown('  **a**\n\n\n  b  ', { mode: 'inline' }).text, 'a b');
    assert.equal(renderMarkdown('').text, '');
  });
});

// --- pathological input: these must simply finish (the timeout fails the test otherwise)

const SIZE = 100_000;
const fill = (unit: string): string => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
const PATHOLOGICAL: Record<string, string> = {
  'nested quotes': '>'.repeat(SIZE),
  'nested quotes with spaces': fill('> '),
  'nested quote and list': fill('> - '),
  'nested lists': Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n'),
  'open brackets': '['.repeat(SIZE),
  'unclosed links': fill('[a]('),
  'nested links': `${'['.repeat(SIZE / 3)}a${'](/x)'.repeat(SIZE / 6)}`,
  'open parens in a destination': `[a](${'('.repeat(SIZE)}`,
  backticks: '`'.repeat(SIZE),
  'backtick runs': fill('`a``'),
  'emphasis markers': fill('*a_'),
  'nested emphasis': `${'*'.repeat(SIZE / 2)}a${'*'.repeat(SIZE / 2)}`,
  'dollar pairs': '$'.repeat(SIZE),
  'double dollar spam': fill('$$ '),
  'unclosed display blocks': fill('$$ a\n'),
  'many formulas': fill('$\\frac{a}{b}$ '),
  'escaped dollars': `$${fill('\\$')}`,
  'one huge formula': `$$\n${fill('x^{2}+')}\n$$`,
  'deep TeX nesting': `$${'{'.repeat(3000)}x${'}'.repeat(3000)}$`,
  'macro bomb': `$\\def\\a{${'X'.repeat(3000)}}${'\\a'.repeat(400)}$`,
  'angle brackets': '<'.repeat(SIZE),
  'wide table': `|${fill('a|')}\n|${fill('-|')}`,
  'long table': `|a|b|\n|-|-|\n${fill('|x|y|\n')}`,
  'reference definitions': fill('[a]: /x\n'),
  'bare URLs': fill('https://a.b/ '),
  'email-like': fill('a@b.c '),
  entities: fill('&amp;&#'),
  'unclosed fences': fill('```\n'),
  'a big code block': `\`\`\`python\n${fill('def f(x): return x ** 2  # c\n')}\n\`\`\``,
  'NUL bytes': '\u0000'.repeat(SIZE),
  zalgo: fill('Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇'),
};

describe('renderMarkdown: pathological input finishes', () => {
  for (const [name, source] of Object.entries(PATHOLOGICAL)) {
    it(name, { timeout: 5000 }, () => {
      for (const mode of ['full', 'inline'] as const) {
        const { html } = renderMarkdown(source, { mode });
        assert.equal(typeof html, 'string');
      }
    });
  }

  it('stops sending TeX to KaTeX past the per-document limits', () => {
    const many = renderMarkdown(fill('$x$ ')).html;
    assert.equal((many.match(/<math/g) ?? []).length, MATH_LIMITS.maxFormulas);
    const long = renderMarkdown(`$${'x'.repeat(MATH_LIMITS.maxFormulaChars + 1)}$`).html;
    assert.doesNotMatch(long, /<math/);
  });
});
