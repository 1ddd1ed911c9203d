// Progressive enhancement of /bassins: suggestions while typing. The form works without this script.
document.addEventListener('DOMContentLoaded', function () {
  var form = document.querySelector('[data-commune-lookup]');
  var input = form && form.querySelector('input[name="q"]');
  var output = document.getElementById('suggestions');
  if (!input || !output || !window.fetch) return;
  var timer = null;
  var latest = 0;

  function render(items, text) {
    output.textContent = '';
    if (!items.length) {
      say('Aucune commune ne correspond à « ' + text + ' ».');
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

  function say(message) {
    output.textContent = '';
    var paragraph = document.createElement('p');
    paragraph.className = 'empty';
    paragraph.textContent = message;
    output.appendChild(paragraph);
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) {
      // Outdates the request in flight, whose answer would otherwise fill the cleared suggestions again.
      latest++;
      output.textContent = '';
      return;
    }
    timer = setTimeout(function () {
      var request = ++latest;
      fetch('/api/communes?q=' + encodeURIComponent(text), { headers: { Accept: 'application/json' } })
        .then(function (res) {
          if (!res.ok) throw new Error('HTTP ' + res.status);
          return res.json();
        })
        .then(function (body) { if (request === latest) render(body.items, text); })
        .catch(function () {
          if (request !== latest) return;
          say('Les suggestions sont momentanément indisponibles ; le bouton Rechercher reste utilisable.');
        });
    }, 250);
  });
});
