/* Searchable selects in the Wagtail admin (core/widgets.py): Tom Select on every
   <select data-searchable-select>, once, including those added to the page later. */
(function () {
  'use strict';

  function enhance(root) {
    if (typeof window.TomSelect === 'undefined') return;
    root.querySelectorAll('select[data-searchable-select]').forEach(function (select) {
      if (select.tomselect) return;
      var multiple = select.multiple;
      new window.TomSelect(select, {
        plugins: multiple ? ['remove_button', 'caret_position'] : [],
        maxOptions: null,
        hidePlaceholder: true,
        closeAfterSelect: !multiple,
        allowEmptyOption: !multiple,
        render: {
          no_results: function (data, escape) {
            var text = select.getAttribute('data-no-results') || 'No results found';
            return '<div class="no-results">' + escape(text) + '</div>';
          },
        },
      });
    });
  }

  function start() {
    enhance(document);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) enhance(node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
