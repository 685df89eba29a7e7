// TechQ&A: progressive enhancement only. Every page works without this file.
document.addEventListener('htmx:afterSwap', (event) => {
  const target = event.detail?.target;
  if (target && target.id === 'flash') target.scrollIntoView({ block: 'nearest' });
});
