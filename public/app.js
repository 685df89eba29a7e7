// TechQ&A: progressive enhancement only. Every page works without this file.
document.addEventListener('htmx:afterSwap', (event) => {
  const target = event.detail?.target;
  if (target && target.id === 'flash') target.scrollIntoView({ block: 'nearest' });
});

// Plain forms that destroy something (delete, roll back) ask first. Forms htmx drives ask
// through hx-confirm instead.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const question = form.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

// A successful htmx form swap leaves no stale message behind.
document.addEventListener('htmx:afterRequest', (event) => {
  const flash = document.getElementById('flash');
  if (flash && event.detail?.successful && event.detail.target?.id !== 'flash') flash.replaceChildren();
});

// Tag suggestions (see /tags/suggest): a click replaces the tag being typed with the suggestion.
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-tag-suggestion]') : null;
  const input = document.getElementById('field-tags');
  if (!button || !(input instanceof HTMLInputElement)) return;
  const parts = input.value.split(/[\s,，、;；]+/).filter(Boolean);
  parts.pop();
  parts.push(button.getAttribute('data-tag-suggestion'));
  // One space after the last tag, whatever separators the member typed (never ", " plus their own space).
  input.value = `${parts.join(' ')} `;
  input.focus();
  const list = document.getElementById('tag-suggestions');
  if (list) list.replaceChildren();
});
