// Progressive enhancement for the return wizard's photo fields (issue 15, item 10): a photo that is too big, not an
// image or one too many is refused before anything is uploaded, and the chosen photos show as thumbnails. The server
// checks every file again (Reason.cshtml.cs); without script the form works as before.
(function () {
    var inputs = document.querySelectorAll('input[type=file][data-max-bytes]');
    Array.prototype.forEach.call(inputs, function (input) {
        var feedback = document.getElementById(input.id + '-error');
        var previews = document.getElementById(input.id + '-previews');
        var maxBytes = parseInt(input.getAttribute('data-max-bytes'), 10);
        var maxCount = parseInt(input.getAttribute('data-max-count'), 10);
        var types = input.accept.split(',').map(function (t) { return t.trim(); });

        function refuse(message) {
            // Nothing refused is sent: the field is emptied and says why, next to it.
            input.value = '';
            input.classList.add('is-invalid');
            input.setAttribute('aria-invalid', 'true');
            feedback.textContent = message;
        }

        input.addEventListener('change', function () {
            var files = Array.prototype.slice.call(input.files);
            previews.replaceChildren();
            if (files.length > maxCount) {
                refuse(input.getAttribute('data-msg-too-many'));
                return;
            }
            for (var i = 0; i < files.length; i++) {
                if (types.indexOf(files[i].type) < 0) {
                    refuse(input.getAttribute('data-msg-not-image'));
                    return;
                }
                if (files[i].size > maxBytes) {
                    refuse(input.getAttribute('data-msg-too-big'));
                    return;
                }
            }
            input.classList.remove('is-invalid');
            input.removeAttribute('aria-invalid');
            feedback.textContent = '';
            files.forEach(function (file) {
                // A data: URL, since the Content-Security-Policy allows images from 'self' and data: only.
                var reader = new FileReader();
                reader.onload = function () {
                    var item = document.createElement('li');
                    item.className = 'list-inline-item';
                    var img = document.createElement('img');
                    img.src = reader.result;
                    img.alt = input.getAttribute('data-preview-alt').replace('{0}', file.name);
                    item.appendChild(img);
                    previews.appendChild(item);
                };
                reader.readAsDataURL(file);
            });
        });
    });
})();
