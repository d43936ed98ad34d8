// Vite build for the kinplan web app: one page (index.html) whose hashed assets go to dist/assets,
// served by the kinplan binary at `/` (absolute paths, so deep links like /meetings/ID work).
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 1000,
    // Which files each page needs: scripts/check-budget.mjs reads it to hold pages to their budgets.
    manifest: true,
  },
  css: {
    preprocessorOptions: {
      scss: {
        // GOV.UK Frontend's own deprecation notices are not ours to fix.
        quietDeps: true,
        loadPaths: [fileURLToPath(new URL('./node_modules', import.meta.url))],
        silenceDeprecations: ['import'],
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/sync': { target: 'ws://127.0.0.1:8080', ws: true },
      '/healthz': 'http://127.0.0.1:8080',
    },
  },
})
