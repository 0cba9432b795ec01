/*
 * The citation block on article pages ([data-cite]). The page already holds the whole reference, with the
 * archive's public address (site.yaml `url` and the path prefix, rendered by the build): it reads the same with
 * JavaScript off, and nothing here changes it — a copy made on a mirror or a local preview still names the
 * archive. With JavaScript, a button copies the reference as one line.
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
    if (!text) return;
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
