/**
 * The report's only script, inlined (CSP allows inline only): copy buttons, and "copy all checked"
 * for AGENTS.md suggestions. Falls back to a hidden textarea where the Clipboard API is refused.
 */
export const REPORT_SCRIPT = `
(function () {
  function fallbackCopy(text) {
    var area = document.createElement('textarea');
    area.value = text; area.setAttribute('readonly', ''); area.style.position = 'fixed'; area.style.opacity = '0';
    document.body.appendChild(area); area.select();
    var ok = false; try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(area); return ok;
  }
  function copy(text, button) {
    var done = function (ok) {
      var label = button.getAttribute('data-label') || button.textContent;
      button.setAttribute('data-label', label);
      button.textContent = ok ? 'Copied' : 'Copy failed';
      setTimeout(function () { button.textContent = label; }, 1600);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallbackCopy(text)); });
    } else { done(fallbackCopy(text)); }
  }
  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('button[data-copy]') : null;
    if (!button) return;
    if (button.getAttribute('data-copy') === 'checked') {
      var picked = Array.prototype.slice.call(document.querySelectorAll('input[data-suggestion]:checked'));
      var text = picked.map(function (box) {
        var source = document.getElementById(box.getAttribute('data-suggestion'));
        return source ? source.textContent : '';
      }).filter(Boolean).join('\\n\\n');
      if (text) copy(text, button); else { button.textContent = 'Nothing checked'; setTimeout(function () { button.textContent = 'Copy all checked'; }, 1600); }
      return;
    }
    var target = document.getElementById(button.getAttribute('data-copy'));
    if (target) copy(target.textContent, button);
  });
})();
`;
