// MathJax 4, configured before it loads (Sphinx inserts this file as an inline script).
// - fonts from the copy under _static/vendor/mathjax/fonts, never from a CDN;
// - no speech, braille or enrichment: they would lazily load megabytes of speech rules;
// - MathJax.Hub.Queue: the ipywidgets HTML manager typesets widget labels with MathJax 2's
//   API, which MathJax 4 lacks; map it onto typesetPromise, before and after startup (at
//   startup MathJax replaces this configuration object with itself).
(function () {
  const hub = {
    Queue: function () {
      if (window.MathJax && window.MathJax.typesetPromise) { return window.MathJax.typesetPromise(); }
    },
  };
  window.MathJax = {
    loader: { paths: { fonts: "[mathjax]/fonts" } },
    options: {
      // What MyST-generated pages need: typeset the elements of class "math" (and notebook
      // outputs) inside the article, which itself carries the class "document".
      processHtmlClass: "tex2jax_process|mathjax_process|math|output_area",
      ignoreHtmlClass: "tex2jax_ignore|mathjax_ignore|document",
      enableSpeech: false,
      enableBraille: false,
      enableEnrichment: false,
      enableExplorer: false,
      menuOptions: { settings: { speech: false, braille: false, enrich: false, assistiveMml: false } },
    },
    startup: {
      ready() {
        window.MathJax.startup.defaultReady();
        window.MathJax.Hub = hub;
      },
    },
    Hub: hub,
  };
})();
