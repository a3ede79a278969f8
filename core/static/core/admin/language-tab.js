/* The page editor opens on the tab of the editor's language (core/wagtail_hooks.py),
   unless the address names a tab or the form came back with errors to show. */
(function () {
  'use strict';
  var script = document.currentScript;
  var anchor = script && script.getAttribute('data-language-tab');

  function open() {
    if (!anchor || window.location.hash) return;
    if (document.querySelector('.error-message')) return;
    var tab = document.querySelector('[role="tab"][href="' + anchor + '"]');
    if (tab && tab.getAttribute('aria-selected') !== 'true') tab.click();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', open);
  } else {
    open();
  }
})();
