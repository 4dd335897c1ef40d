// The engine benchmark's own page: the engine client with nothing else on the page (the article's widgets would load
// models and render on the same 2 cores while the benchmark times calls). Opened with ?debug=engine, the client
// exposes itself as window.__goDeepEngine.
import '../../src/engine/client';
