// The import page while a check or an import runs: follow its status and show the report
// when it is done. Without JavaScript the page offers a link to reload it.
(function () {
    "use strict";
    var element = document.querySelector("[data-catalogue-import-status]");
    if (!element) {
        return;
    }
    var url = element.getAttribute("data-catalogue-import-status");
    var bar = element.querySelector("progress");
    var label = element.querySelector("[data-catalogue-import-label]");

    function poll() {
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (response) {
                return response.ok ? response.json() : null;
            })
            .then(function (state) {
                if (state && state.finished) {
                    window.location.reload();
                    return;
                }
                if (state && state.progress && bar) {
                    bar.max = state.progress.total;
                    bar.value = state.progress.done;
                    if (label) {
                        label.textContent = state.progress.sheet + ": " + state.progress.done + " / " + state.progress.total;
                    }
                }
                window.setTimeout(poll, 1500);
            })
            .catch(function () {
                window.setTimeout(poll, 5000);
            });
    }
    window.setTimeout(poll, 1000);
})();
