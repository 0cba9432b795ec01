/*
 * The citation block on article pages ([data-cite]). Without JavaScript it is plain text ending in the page's
 * path. With it, the path becomes the absolute URL the reader is actually on (location, so it is right on any
 * host and under any path prefix), and a button copies the whole reference.
 */
(function () {
  "use strict";

  function copyText(text, fallbackNode) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // http://localhost is a secure context, a LAN address is not: select the text and use the old command.
    return new Promise(function (resolve, reject) {
      var range = document.createRange();
      range.selectNodeContents(fallbackNode);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }

  function setUp(block) {
    var text = block.querySelector(".cite-text");
    var urlNode = block.querySelector(".cite-url");
    if (!text) return;
    if (urlNode) {
      // data-path is the page path with any prefix (/archive/jinlv/2024-01/05/); the query (?hl=…) is left out.
      urlNode.textContent = new URL(urlNode.getAttribute("data-path") || location.pathname, location.href).href;
    }
    var actions = document.createElement("p");
    actions.className = "cite-actions";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cite-copy";
    button.textContent = "复制引文";
    var status = document.createElement("span");
    status.className = "cite-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      var value = text.textContent.replace(/\s+/g, " ").trim();
      copyText(value, text).then(
        function () { status.textContent = "已复制"; },
        function () { status.textContent = "未能复制，请手动选择上面的文字"; }
      );
    });
    actions.appendChild(button);
    actions.appendChild(status);
    text.insertAdjacentElement("afterend", actions);
  }

  var blocks = document.querySelectorAll("[data-cite]");
  for (var i = 0; i < blocks.length; i++) setUp(blocks[i]);
})();
