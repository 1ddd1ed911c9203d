// Progressive enhancement of /bassins: suggestions while typing. The form works without this script.
document.addEventListener('DOMContentLoaded', function () {
  var form = document.querySelector('[data-commune-lookup]');
  var input = form && form.querySelector('input[name="q"]');
  var output = document.getElementById('suggestions');
  if (!input || !output || !window.fetch) return;
  var timer = null;
  var latest = 0;

  function render(items) {
    output.textContent = '';
    if (!items.length) {
      var empty = document.createElement('p');
      empty.className = 'empty';
      empty.textContent = 'Aucune commune ne correspond à « ' + input.value.trim() + ' ».';
      output.appendChild(empty);
      return;
    }
    var list = document.createElement('ul');
    items.forEach(function (commune) {
      var item = document.createElement('li');
      var label = (commune.name || commune.inseeCode) + ' (' + (commune.postcodes.join(', ') || commune.inseeCode) + ') — ';
      item.appendChild(document.createTextNode(label));
      if (commune.basin) {
        var link = document.createElement('a');
        link.href = '/bassins/' + encodeURIComponent(commune.basin.code);
        link.textContent = 'bassin ' + commune.basin.name;
        item.appendChild(link);
      } else {
        item.appendChild(document.createTextNode('aucun bassin connu'));
      }
      list.appendChild(item);
    });
    output.appendChild(list);
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) {
      output.textContent = '';
      return;
    }
    timer = setTimeout(function () {
      var request = ++latest;
      fetch('/api/communes?q=' + encodeURIComponent(text), { headers: { Accept: 'application/json' } })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (body) { if (body && request === latest) render(body.items); })
        .catch(function () { /* The submit button still works. */ });
    }, 250);
  });
});
