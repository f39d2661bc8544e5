// While an import runs, reload its page every two seconds; without JavaScript the Refresh link does the same.
(function () {
    var status = document.getElementById('import-status');
    if (status && status.dataset.running === 'true') {
        window.setTimeout(function () { window.location.reload(); }, 2000);
    }
})();
