// Builds the web app as static files (app/dist): no server of ours sees patient data. The shims
// let @solana/web3.js, @anchor-lang/core and @arcium-hq/client run in a browser.

import { fileURLToPath } from 'node:url';
import { type Plugin, defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const ANCHOR_WITH_DEFAULT = '\0anchor-with-default';

/**
 * @arcium-hq/client default-imports @anchor-lang/core, whose browser build has only named
 * exports: give that one importer a module that adds the namespace as the default.
 */
function anchorDefaultExport(): Plugin {
  return {
    name: 'medshare:anchor-default-export',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === '@anchor-lang/core' && importer?.includes('@arcium-hq')) return ANCHOR_WITH_DEFAULT;
      return null;
    },
    load(id) {
      if (id !== ANCHOR_WITH_DEFAULT) return null;
      return "import * as anchor from '@anchor-lang/core';\nexport * from '@anchor-lang/core';\nexport default anchor;\n";
    },
  };
}

export default defineConfig({
  root: here('.'),
  base: './',
  plugins: [anchorDefaultExport()],
  resolve: {
    alias: {
      crypto: here('src/shims/crypto.ts'),
      fs: here('src/shims/fs.ts'),
      // Preact renders the React components (6 KiB gzipped against react-dom's 66).
      'react-dom/client': 'preact/compat/client',
      'react/jsx-runtime': 'preact/jsx-runtime',
      'react-dom': 'preact/compat',
      react: here('src/shims/react.js'),
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  optimizeDeps: { rolldownOptions: { plugins: [anchorDefaultExport()] } },
  build: { outDir: here('dist'), emptyOutDir: true, chunkSizeWarningLimit: 2048 },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
});
