// Progressive enhancement of the staff assisted-return form (/staff/orders/{number}): the page works without it (a note
// lists what each reason allows, and the server refuses a resolution a chosen reason excludes). Here the resolutions
// that a chosen reason (on a line with a quantity) excludes are greyed out as the agent fills the lines in.
(function () {
    var form = document.getElementById('assist-form');
    var resolution = document.getElementById('Form_Resolution');
    if (!form || !resolution) {
        return;
    }
    var rows = form.querySelectorAll('tr.order-line');

    function update() {
        var allowed = null;
        rows.forEach(function (row) {
            var quantity = row.querySelector('.assist-quantity');
            var reason = row.querySelector('.assist-reason');
            if (!quantity || !reason || !(parseInt(quantity.value, 10) > 0)) {
                return;
            }
            var option = reason.options[reason.selectedIndex];
            if (!option || !option.value) {
                return;
            }
            var list = (option.getAttribute('data-resolutions') || '').split(' ');
            allowed = allowed === null ? list : allowed.filter(function (r) { return list.indexOf(r) >= 0; });
        });
        Array.prototype.forEach.call(resolution.options, function (option) {
            if (!option.value) {
                return;
            }
            option.disabled = allowed !== null && allowed.indexOf(option.value) < 0;
            if (option.disabled && option.selected) {
                resolution.value = '';
            }
        });
    }

    form.addEventListener('change', update);
    form.addEventListener('input', update);
    update();
})();
