import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderMarkdown } from './index.js';
import { mathToText, texToText } from './tex-text.js';

describe('texToText', () => {
  it('reads common formulas as text', () => {
    assert.equal(texToText('|\\psi\\rangle = \\alpha|0\\rangle + \\beta|1\\rangle'), '|ψ⟩ = α|0⟩ + β|1⟩');
    assert.equal(texToText('\\frac{1}{\\sqrt{2}}(|00\\rangle + |11\\rangle)'), '1/√2(|00⟩ + |11⟩)');
    assert.equal(texToText('\\left\\| \\nabla L \\right\\|_2'), '‖ ∇ L ‖₂');
    assert.equal(texToText('x^{2} + y^2 = r^{n+1}'), 'x² + y² = rⁿ⁺¹');
    assert.equal(texToText('\\sum_{i=1}^{n} x_i'), 'Σ_(i=1)ⁿ x_i');
    assert.equal(texToText('\\mathbb{R}^{d} \\to \\mathrm{softmax}(z)'), 'R^d → softmax(z)');
    assert.equal(texToText('U \\otimes V^\\dagger'), 'U ⊗ V^†');
    assert.equal(texToText('\\unknowncommand{x}'), 'unknowncommandx');
  });

  it('mathToText converts only delimited formulas', () => {
    assert.equal(
      mathToText('How is $|\\psi\\rangle = \\alpha|0\\rangle$ measured?'),
      'How is |ψ⟩ = α|0⟩ measured?',
    );
    assert.equal(mathToText('Is $$\\frac{a}{b}$$ rational?'), 'Is a/b rational?');
    assert.equal(mathToText('It costs $5 and $10'), 'It costs $5 and $10');
    assert.equal(mathToText('C:\\new\\folder has no formula'), 'C:\\new\\folder has no formula');
  });

  it('plain text of rendered Markdown carries formulas as text', () => {
    const { text } = renderMarkdown(
      'A Bell state $\\frac{1}{\\sqrt{2}}(|00\\rangle + |11\\rangle)$:\n\n$$\n\\langle\\psi|\\phi\\rangle\n$$\n',
    );
    assert.equal(text, 'A Bell state 1/√2(|00⟩ + |11⟩): ⟨ψ|φ⟩');
  });
});
