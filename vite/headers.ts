// The HTTP headers the built site needs, in one place: the preview server sends them, and the build
// writes them as public/_headers-style rules (dist/_headers) for static hosts such as Netlify or
// Cloudflare Pages.

// Cross-origin isolation lets ONNX Runtime use threaded WASM; without it ORT quietly runs one thread.
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  // Our files are public and meant to be embedded: other sites load embed-host.js with a <script> tag and
  // frame the embed pages (even from cross-origin isolated pages of their own), which 'same-origin' would block.
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

// Everything is served from our own origin; ONNX Runtime compiles WebAssembly ('wasm-unsafe-eval') and
// starts its threads' workers from our own files. No inline script and no inline <style> element is
// allowed; style *attributes* are (KaTeX's rendered math positions glyphs with them, and they cannot run
// code). Embeds may be framed by any site.
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  'frame-ancestors *',
].join('; ');

export const productionHeaders = {
  ...isolationHeaders,
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

export function netlifyHeadersFile(base: string): string {
  const lines = [`${base}*`, ...Object.entries(productionHeaders).map(([k, v]) => `  ${k}: ${v}`)];
  lines.push(`${base}models/*`, '  Cache-Control: public, max-age=604800');
  lines.push(`${base}assets/*`, '  Cache-Control: public, max-age=31536000, immutable');
  return `${lines.join('\n')}\n`;
}
