// Builds the renderer (vite.config.ts) and the Node side: Electron main (ESM), the sandboxed
// preload (one CommonJS file, as sandboxed preloads require) and the CLI.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { build, type InlineConfig } from 'vite';

// The client rulebook validates as it loads: a rule file that breaks its contract stops the
// build here, with the rule's id and the field at fault.
await import('../shared/clients/rulebook/index.ts');

const only = process.argv.includes('--renderer') ? 'renderer' : process.argv.includes('--node') ? 'node' : 'all';
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies?: Record<string, string> };
const escape = (s: string) => s.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&');
const external = [
  'electron',
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  // Runtime dependencies ship in node_modules (and in the asar); Node resolves them at run time.
  ...Object.keys(pkg.dependencies ?? {}).map((d) => new RegExp(`^${escape(d)}(/.*)?$`)),
];
const common: InlineConfig = { configFile: false, logLevel: process.env.PARALLAX_BUILD_VERBOSE ? 'info' : 'warn' };

if (only !== 'node') {
  await build({ ...common, configFile: 'vite.config.ts' });
}
if (only !== 'renderer') {
  await build({
    ...common,
    build: {
      ssr: true,
      outDir: 'dist',
      emptyOutDir: false,
      target: 'node20',
      sourcemap: true,
      rollupOptions: {
        input: { 'electron/main': 'electron/main.ts', 'electron/body-search-worker': 'electron/engine/body-search.worker.ts', 'electron/diagnosis-worker': 'electron/engine/diagnosis.worker.ts', 'cli/parallax': 'electron/cli/parallax.ts' },
        external,
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  });
  await build({
    ...common,
    build: {
      outDir: 'dist/electron',
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      lib: { entry: 'electron/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
      rollupOptions: { external: ['electron'] },
    },
  });
}
