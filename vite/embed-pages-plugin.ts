// Gives every registered widget its own embed address, <base>embed/<name>/, on any static host:
// the build writes dist/embed/<name>/index.html (a copy of embed.html; its asset URLs are absolute under
// the base), and the dev server answers the same paths with embed.html.
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/** Widget names as registered in src/widgets/registry.ts (one `'name': lazy(...)` line each). */
export function registeredWidgets(registryFile: string): string[] {
  const source = fs.readFileSync(registryFile, 'utf8');
  return [...source.matchAll(/^\s*'([a-z0-9-]+)':\s*lazy\(/gm)].map((m) => m[1]);
}

export function embedPagesPlugin(registryFile: string): Plugin {
  let outDir = 'dist';
  return {
    name: 'godeep-embed-pages',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const base = server.config.base;
        const url = req.url ?? '';
        const match = url.match(/^([^?]*)\/embed\/([a-z0-9-]+)\/?(\?.*)?$/);
        if (match && `${match[1]}/`.startsWith(base.replace(/\/$/, '') + '/')) req.url = `${base}embed.html${match[3] ?? ''}`;
        next();
      });
    },
    closeBundle() {
      const page = path.join(outDir, 'embed.html');
      if (!fs.existsSync(page)) return;
      for (const name of registeredWidgets(registryFile)) {
        const dest = path.join(outDir, 'embed', name, 'index.html');
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        fs.copyFileSync(page, dest);
      }
    },
  };
}
