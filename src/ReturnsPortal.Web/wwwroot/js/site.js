// Progressive enhancement only: every page works without JavaScript.
// After a failed submission, move focus to the error summary so screen readers announce it at once.
(function () {
    var summary = document.getElementById('error-summary');
    if (summary) {
        summary.focus();
    }
})();
