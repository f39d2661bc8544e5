// Progressive enhancement only: every page works without JavaScript.
// After a failed submission, move focus to the error summary so screen readers announce it at once.
(function () {
    var summary = document.getElementById('error-summary');
    if (summary) {
        summary.focus();
    }
})();

// Finding an order: the last name is asked only with the postcode (it comes with it, never with the e-mail alone).
(function () {
    var group = document.getElementById('last-name-group');
    var postcode = document.getElementById('Form_Postcode');
    var lastName = document.getElementById('Form_LastName');
    if (!group || !postcode || !lastName) {
        return;
    }
    var update = function () {
        group.hidden = postcode.value.trim() === '' && lastName.value.trim() === '';
    };
    postcode.addEventListener('input', update);
    update();
})();
