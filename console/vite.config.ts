import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig, Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const OUT_DIR = 'target/classes/nubis-console';

/**
 * Writes NAME.gz beside each text file worth compressing; the bundle serves it to browsers that
 * take gzip (Pax Web's Jetty does not compress by itself).
 */
function gzipCopies(): Plugin {
  let outDir = OUT_DIR;
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  return {
    name: 'nubis-gzip-copies',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!/\.(js|mjs|css|html|svg|json|map|txt)$/.test(file)) continue;
        const content = readFileSync(file);
        if (content.length < 1024) continue;
        const gz = gzipSync(content, { level: 9 });
        if (gz.length < content.length * 0.9) writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

// The console is served by the nubis-console bundle at /nubis/console/ and talks only to the
// REST API at /nubis/api/v1 on the same origin. The build lands in target/classes/nubis-console,
// which Maven packs into the jar the bundle unpacks (keeping build output out of the source tree).
export default defineConfig({
  base: '/nubis/console/',
  plugins: [react(), gzipCopies()],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npm run dev` against a Nubis running on this machine
    proxy: { '/nubis/api': 'http://127.0.0.1:8181' },
  },
});
