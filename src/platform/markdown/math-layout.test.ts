import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { texToMathml } from './math.js';
import { classesOfStyle, katexLayoutStylesheet, styleAttributesToClasses } from './math-layout.js';

const FORMULAS = String.raw`\|\nabla L\| > c
\sqrt{\frac{1}{n}\sum_{i=1}^{n} x_i^2}
\begin{pmatrix}a&b\\c&d\end{pmatrix}
\begin{array}{c|c}a&b\\\hline c&d\end{array}
\color{red}{x}+\textcolor{blue}{y}+\color{#123456}{z}
\colorbox{yellow}{A}\fcolorbox{red}{blue}{B}
\cancel{x}\overbrace{a+b}^{n}\underbrace{c}_{m}\xrightarrow[below]{above}
\boxed{E=mc^2}\rule{2em}{1em}\kern1em\hspace{3em}
\Huge x\tiny y\widehat{abc}\overrightarrow{AB}\sqrt[3]{x}
\left(\frac{\frac{a}{b}}{c}\right)\Bigg[\int_0^\infty\prod\lim_{x\to0}
\begin{cases}a&x>0\\b&x\le0\end{cases}\not=\pmb{x}\binom{n}{k}
\begin{matrix}a\\b\\c\\d\\e\\f\\g\\h\\i\\j\\k\\l\\m\\n\end{matrix}`.split('\n');

describe('KaTeX layout classes', () => {
  it('turns declarations into classes on the stylesheet’s grid, dropping what it does not know', () => {
    assert.deepEqual(classesOfStyle('height:0.6944em;vertical-align:-0.1944em;'), ['k-h-69', 'k-va-n19']);
    assert.deepEqual(classesOfStyle('top:-3.063em;margin-right:0.05em;'), ['k-t-n305', 'k-mr-5']);
    assert.deepEqual(classesOfStyle('position:relative;top:0em'), ['k-rel', 'k-t-0']);
    assert.deepEqual(classesOfStyle('margin:0 -0.02em'), ['k-ml-n2', 'k-mr-n2']);
    assert.deepEqual(classesOfStyle('color:red;background-color:#fff;text-shadow:1px 1px'), ['k-c-red']);
    assert.deepEqual(classesOfStyle('height:99em;width:calc(100% - 1em)'), ['k-h-2000']);
  });

  it('leaves no style attribute in any formula, and every class it uses is in the stylesheet', () => {
    const { css } = katexLayoutStylesheet();
    const defined = new Set([...css.matchAll(/^\.([a-z0-9-]+)\{/gm)].map((m) => m[1]));
    for (const tex of FORMULAS) {
      for (const display of [false, true]) {
        const html = texToMathml(tex, display, {});
        assert.ok(html, tex);
        assert.doesNotMatch(html, /\sstyle=/, tex);
        for (const match of html.matchAll(/class="([^"]*)"/g)) {
          for (const name of (match[1] ?? '').split(' ')) {
            if (name.startsWith('k-')) assert.ok(defined.has(name), `${name} (${tex})`);
          }
        }
      }
    }
  });

  it('merges classes into an existing class attribute or adds one', () => {
    assert.equal(
      styleAttributesToClasses(
        '<span class="strut" style="height:1em;"></span><span style="top:-3em;">x</span>',
      ),
      '<span class="strut k-h-100"></span><span class="k-t-n300">x</span>',
    );
    assert.equal(styleAttributesToClasses('<span style="text-shadow:1px">x</span>'), '<span>x</span>');
  });
});
