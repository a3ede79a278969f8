// The demonstration banner's Close button, without a page load. Without JavaScript the
// button's form asks the server to set the same cookie and comes back.
(function () {
  "use strict";
  var notice = document.querySelector("[data-demo-notice]");
  if (!notice) {
    return;
  }
  notice.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie =
      "demo_notice=hidden; Max-Age=31536000; Path=/; SameSite=Lax" + secure;
    notice.remove();
    document.getElementById("main").focus();
  });
})();
