/// <reference types="vitest/config" />
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback, constants as zlibConstants } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const gzip = promisify(gzipCallback);
const COMPRESSIBLE = /\.(js|mjs|css|svg|html|json|webmanifest)$/;

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

/**
 * Writes a pre-compressed `.gz` sibling next to every text asset in the output
 * directory (nginx `gzip_static on;` / the Flask static handler serve them).
 * Runs after Vite has also copied `public/`, so those files are covered too.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'fitnesscrm:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      for await (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const data = await readFile(file);
        const compressed = await gzip(data, { level: zlibConstants.Z_BEST_COMPRESSION });
        await writeFile(`${file}.gz`, compressed);
      }
    },
  };
}

const backend = 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [react(), precompress()],
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': backend,
      '/readyz': backend,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    // A loaded CI machine can take tens of seconds for one userEvent-heavy test (30.5 s measured at load average
    // 15); the default 5 s let a timed-out test keep typing into the next one. A real hang still fails.
    testTimeout: 120_000,
  },
});
