// Serves the committed model artifacts (models/<id>/..., models/manifest.json, models/datasets/) at
// <base>models/ in dev, and copies them into dist/models/ on build. Python code in models/ is never served:
// only the folders listed in models/manifest.json, the datasets folder, the manifest itself and comparison.json
// (the cross-model comparison written by `python -m models.pipeline.compare`).
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin, Connect } from 'vite';

const MIME: Record<string, string> = {
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

export function listModelFiles(modelsDir: string): string[] {
  const manifestPath = path.join(modelsDir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) return [];
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { models: { id: string }[] };
  const files = ['manifest.json'];
  if (fs.existsSync(path.join(modelsDir, 'comparison.json'))) files.push('comparison.json');
  for (const id of [...manifest.models.map((m) => m.id), 'datasets']) {
    const root = path.join(modelsDir, id);
    if (!fs.existsSync(root)) continue;
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (MIME[path.extname(entry.name)]) files.push(path.relative(modelsDir, full));
      }
    };
    walk(root);
  }
  return files;
}

export function modelsPlugin(modelsDir: string): Plugin {
  let outDir = 'dist';
  const middleware = (base: string): Connect.NextHandleFunction => (req, res, next) => {
    const prefix = `${base}models/`;
    const url = (req.url ?? '').split('?')[0];
    if (!url.startsWith(prefix)) return next();
    const rel = decodeURIComponent(url.slice(prefix.length));
    const allowed = listModelFiles(modelsDir);
    if (!allowed.includes(rel)) {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain');
      res.end(`model file not found: ${rel}`);
      return;
    }
    const full = path.join(modelsDir, rel);
    res.setHeader('Content-Type', MIME[path.extname(full)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(fs.statSync(full).size));
    fs.createReadStream(full).pipe(res);
  };
  return {
    name: 'godeep-models',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(middleware(server.config.base));
    },
    closeBundle() {
      for (const rel of listModelFiles(modelsDir)) {
        const dest = path.join(outDir, 'models', rel);
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        fs.copyFileSync(path.join(modelsDir, rel), dest);
      }
    },
  };
}
