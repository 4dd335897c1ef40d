import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import mdx from '@mdx-js/rollup';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import rehypeSlug from 'rehype-slug';
import rehypeHighlight from 'rehype-highlight';
import path from 'node:path';
import { modelsPlugin } from './vite/models-plugin.ts';
import { embedPagesPlugin } from './vite/embed-pages-plugin.ts';
import { rehypeChapterFootnotes } from './vite/rehype-chapter-footnotes.ts';
import { isolationHeaders, productionHeaders, netlifyHeadersFile } from './vite/headers.ts';

const base = process.env.BASE_PATH ?? '/';
// The engine benchmark's pages (the engine alone, and a plain transformers.js pipeline() baseline) are built only
// for `npm run bench`.
const benchPages: Record<string, string> = process.env.GODEEP_BENCH === '1'
  ? {
      'pipeline-baseline': path.resolve(import.meta.dirname, 'scripts/bench/pipeline-baseline.html'),
      'engine-page': path.resolve(import.meta.dirname, 'scripts/bench/engine-page.html'),
    }
  : {};


export default defineConfig({
  base,
  // 'mpa': a missing file is a 404, not index.html (which ORT would report as "protobuf parsing failed").
  appType: 'mpa',
  plugins: [
    { enforce: 'pre', ...mdx({ remarkPlugins: [remarkGfm, remarkMath], rehypePlugins: [rehypeSlug, rehypeChapterFootnotes, rehypeKatex, rehypeHighlight], providerImportSource: '@mdx-js/react' }) },
    react({ include: /\.(mdx|tsx|ts)$/ }),
    modelsPlugin(path.resolve(import.meta.dirname, 'models')),
    embedPagesPlugin(path.resolve(import.meta.dirname, 'src/widgets/registry.ts')),
    {
      name: 'godeep-static-host-headers',
      generateBundle() {
        this.emitFile({ type: 'asset', fileName: '_headers', source: netlifyHeadersFile(base) });
      },
    },
  ],
  // The dev server cannot send the CSP (Vite's hot reload injects inline scripts); the preview does.
  server: { headers: isolationHeaders },
  preview: { headers: productionHeaders },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web', '@huggingface/transformers'] },
  build: {
    target: 'es2022',
    rollupOptions: {
      input: {
        main: path.resolve(import.meta.dirname, 'index.html'),
        embed: path.resolve(import.meta.dirname, 'embed.html'),
        ...benchPages,
      },
    },
  },
});
