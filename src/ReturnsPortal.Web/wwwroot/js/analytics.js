// Draws the analytics charts from the JSON the page embeds; the tables beside them carry the same numbers without JS.
(function () {
    'use strict';
    var source = document.getElementById('analytics-data');
    if (!source || typeof Chart === 'undefined') {
        return;
    }
    var data = JSON.parse(source.textContent);
    var palette = ['#0d6efd', '#dc3545', '#198754', '#fd7e14', '#6f42c1'];

    var reasons = document.getElementById('reasons-chart');
    if (reasons && data.reasons.labels.length) {
        new Chart(reasons, {
            type: 'bar',
            data: { labels: data.reasons.labels, datasets: [{ data: data.reasons.units, backgroundColor: palette[0] }] },
            options: { indexAxis: 'y', animation: false, plugins: { legend: { display: false } } }
        });
    }

    var weekly = document.getElementById('weekly-chart');
    if (weekly && data.weekly.labels.length) {
        new Chart(weekly, {
            type: 'line',
            data: {
                labels: data.weekly.labels,
                datasets: data.weekly.series.map(function (s, i) {
                    return { label: s.label, data: s.units, borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], tension: 0.2 };
                })
            },
            options: { animation: false, scales: { y: { beginAtZero: true } } }
        });
    }
}());
