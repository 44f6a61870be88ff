// Turbopack treats `new URL("<literal>", import.meta.url)` as a reference to an asset it must emit, and
// the server bundle then hands a non-file URL to fileURLToPath (seen with @vigil/workflows' workflowsPath,
// which the portal never uses). Wrapping the base keeps it a plain runtime expression.
module.exports = function runtimeUrlLoader(source) {
  return source.replace(/new URL\(("[^"\n]+"|'[^'\n]+'), import\.meta\.url\)/g, "new URL($1, String(import.meta.url))");
};
