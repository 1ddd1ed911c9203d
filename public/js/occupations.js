// Progressive enhancement of /metiers: suggestions while typing, as an ARIA combobox. The form works without this script.
document.addEventListener('DOMContentLoaded', function () {
  var form = document.querySelector('[data-occupation-search]');
  var input = form && form.querySelector('input[name="q"]');
  var list = document.getElementById('occupation-suggestions');
  var status = document.getElementById('occupation-status');
  if (!input || !list || !status || !window.fetch) return;
  var timer = null;
  var latest = 0;
  var active = -1;

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-expanded', 'false');

  function options() {
    return list.querySelectorAll('[role="option"]');
  }

  function close() {
    list.hidden = true;
    list.textContent = '';
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function highlight(index) {
    var items = options();
    if (!items.length) return;
    active = (index + items.length) % items.length;
    items.forEach(function (item, i) { item.setAttribute('aria-selected', i === active ? 'true' : 'false'); });
    input.setAttribute('aria-activedescendant', items[active].id);
    items[active].scrollIntoView({ block: 'nearest' });
  }

  function render(items, text) {
    close();
    if (!items.length) {
      status.textContent = 'Aucun métier ne correspond à « ' + text + ' ».';
      return;
    }
    items.forEach(function (occupation, i) {
      var item = document.createElement('li');
      item.id = 'occupation-option-' + i;
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', 'false');
      item.dataset.code = occupation.code;
      var link = document.createElement('a');
      link.href = '/metiers/' + encodeURIComponent(occupation.code);
      link.tabIndex = -1;
      var code = document.createElement('span');
      code.className = 'occupation-code';
      code.textContent = occupation.code;
      link.appendChild(code);
      link.appendChild(document.createTextNode(' ' + occupation.label));
      item.appendChild(link);
      if (occupation.matchedTitle !== occupation.label) {
        var matched = document.createElement('span');
        matched.className = 'muted occupation-matched';
        matched.textContent = occupation.matchedTitle;
        item.appendChild(matched);
      }
      list.appendChild(item);
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    status.textContent = items.length + (items.length > 1 ? ' métiers suggérés' : ' métier suggéré') + ' : flèches haut et bas pour parcourir, Entrée pour ouvrir la fiche.';
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) {
      latest++;
      close();
      status.textContent = '';
      return;
    }
    timer = setTimeout(function () {
      var request = ++latest;
      fetch('/api/occupations?limit=10&q=' + encodeURIComponent(text), { headers: { Accept: 'application/json' } })
        .then(function (res) {
          if (res.status === 503) throw new Error('unavailable');
          return res.ok ? res.json() : null;
        })
        .then(function (body) { if (body && request === latest) render(body.items, text); })
        .catch(function () {
          if (request !== latest) return;
          close();
          status.textContent = 'Les suggestions sont momentanément indisponibles ; le bouton Rechercher reste utilisable.';
        });
    }, 200);
  });

  input.addEventListener('keydown', function (event) {
    if (list.hidden) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      highlight(active + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      highlight(active - 1);
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      window.location.href = '/metiers/' + encodeURIComponent(options()[active].dataset.code);
    } else if (event.key === 'Escape') {
      close();
    }
  });

  document.addEventListener('click', function (event) {
    if (!form.contains(event.target) && !list.contains(event.target)) close();
  });
});
