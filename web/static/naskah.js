// Selecting text in a draft fills the comment form with the quote and the
// paragraph it was taken from.
document.addEventListener('DOMContentLoaded', function () {
  var naskah = document.getElementById('naskah');
  if (!naskah) return;
  naskah.addEventListener('mouseup', function () {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed) return;
    var node = sel.anchorNode;
    while (node && !(node.dataset && node.dataset.index)) node = node.parentNode;
    if (!node) return;
    var q = document.getElementById('komentar-kutipan');
    var p = document.getElementById('komentar-paragraf');
    if (!q || !p) return;
    q.value = sel.toString().trim();
    p.value = node.dataset.index;
    document.getElementById('komentar-teks').focus();
  });
});
