// Go Deep embed host script: resizes every <iframe data-go-deep-embed> to the height its widget reports.
// Include it once per page, after or before the iframes. It only trusts messages from the iframes' own windows.
(function () {
  if (window.__goDeepEmbedHost) return;
  window.__goDeepEmbedHost = true;
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.type !== 'go-deep:resize' || typeof data.height !== 'number') return;
    var frames = document.querySelectorAll('iframe[data-go-deep-embed]');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.max(80, Math.min(5000, Math.round(data.height))) + 'px';
      }
    }
  });
})();
