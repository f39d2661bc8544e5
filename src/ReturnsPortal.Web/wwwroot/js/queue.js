// Progressive enhancement of the warehouse queue: a click anywhere on a row opens the return, as its RMA link does.
// The link itself stays the keyboard and screen-reader way in; links and controls inside a row keep their own action,
// and selecting text in a row does not navigate.
(function () {
    document.querySelectorAll('#queue tr.queue-row').forEach(function (row) {
        var link = row.querySelector('a.row-link');
        if (!link) {
            return;
        }
        row.style.cursor = 'pointer';
        row.addEventListener('click', function (event) {
            if (event.target.closest('a, button, input, select, textarea, label')) {
                return;
            }
            var selection = window.getSelection ? String(window.getSelection()) : '';
            if (selection.length > 0) {
                return;
            }
            if (event.ctrlKey || event.metaKey || event.shiftKey) {
                window.open(link.href, '_blank', 'noopener');
            } else {
                window.location.assign(link.href);
            }
        });
    });
})();
