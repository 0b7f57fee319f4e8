// The one script of the HTML reports, plain JavaScript with no framework: the filter forms and the
// access graph's highlight. It reads only the page's own data- attributes and changes only classes,
// `hidden` and text, so it is the same bytes for every report and the CSP allows it by hash.

export const SCRIPT = `
(function () {
  'use strict';
  function all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  all('form.filters').forEach(function (form) {
    var list = document.getElementById(form.getAttribute('data-target'));
    var rows = list ? all('[data-row]', list) : [];
    var output = form.querySelector('output');
    function apply() {
      var groups = {};
      all('input[type=checkbox][data-key]', form).forEach(function (box) {
        var key = box.getAttribute('data-key');
        if (!groups[key]) groups[key] = {};
        if (box.checked) groups[key][box.value] = true;
      });
      var selects = all('select[data-key]', form);
      var shown = 0;
      rows.forEach(function (row) {
        var visible = Object.keys(groups).every(function (key) {
          return groups[key][row.getAttribute('data-' + key)] === true;
        }) && selects.every(function (select) {
          return select.value === '' || row.getAttribute('data-' + select.getAttribute('data-key')) === select.value;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (output) output.textContent = shown + ' of ' + rows.length + ' shown';
    }
    form.addEventListener('change', apply);
    form.addEventListener('submit', function (event) { event.preventDefault(); });
    apply();
  });

  var graph = document.querySelector('svg.graph');
  if (graph) {
    var nodes = all('.node', graph);
    var edges = all('.edge', graph);
    var blast = document.getElementById('blast');
    var idle = blast ? blast.textContent : '';
    var pinned = null;
    function show(node) {
      var related = {};
      if (node) {
        related[node.getAttribute('data-id')] = true;
        (node.getAttribute('data-related') || '').split(' ').forEach(function (id) { if (id) related[id] = true; });
      }
      graph.classList.toggle('focus', node !== null);
      nodes.forEach(function (n) { n.classList.toggle('hot', related[n.getAttribute('data-id')] === true); });
      edges.forEach(function (e) {
        e.classList.toggle('hot', related[e.getAttribute('data-from')] === true && related[e.getAttribute('data-to')] === true);
      });
      if (!blast) return;
      if (!node) { blast.textContent = idle; return; }
      var apps = nodes.filter(function (n) {
        return n.getAttribute('data-kind') === 'app' && related[n.getAttribute('data-id')] === true;
      }).map(function (n) { return n.getAttribute('data-name'); });
      var name = node.getAttribute('data-name');
      var kind = node.getAttribute('data-kind');
      blast.textContent = kind === 'container'
        ? 'Blast radius of ' + name + ': ' + (apps.length === 0 ? 'no app' : apps.length + (apps.length === 1 ? ' app: ' : ' apps: ') + apps.join(', '))
        : kind === 'user'
          ? name + ' runs ' + (apps.length === 0 ? 'no app' : apps.join(', '))
          : name;
    }
    nodes.forEach(function (node) {
      node.addEventListener('mouseenter', function () { if (pinned === null) show(node); });
      node.addEventListener('mouseleave', function () { if (pinned === null) show(null); });
      node.addEventListener('focus', function () { if (pinned === null) show(node); });
      node.addEventListener('blur', function () { if (pinned === null) show(null); });
      node.addEventListener('click', function () { pinned = pinned === node ? null : node; show(pinned); });
      node.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); pinned = pinned === node ? null : node; show(pinned); }
      });
    });
  }
})();
`.trim();
