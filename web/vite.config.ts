import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { openApiDocument } from '../functions/api/openapi.js';

/**
 * The page imports the API's zod schemas from functions/domain. Their modules also import date-holidays (once)
 * and date-fns with @date-fns/tz for the server's date math, which the page never calls; declaring those packages
 * free of side effects lets the bundler drop them (about 1 MB of holiday data, and @date-fns/tz, whose module
 * sets up its Date class at load).
 */
const serverOnlyPackages =
  /[\\/]node_modules[\\/](date-holidays[^\\/]*|date-bengali-revised|date-chinese|date-easter|astronomia|caldate|moment|moment-timezone|jalaali-js|prepin|js-yaml|argparse|deepmerge|lodash|temporal-polyfill|temporal-spec|temporal-utils|date-fns|@date-fns[\\/]tz)[\\/]/;

/** `npx vite --config web/vite.config.ts` (live reload) forwards API calls to `npm start`'s API. */
const localApi = process.env.MAHNWESEN_API ?? 'http://localhost:3000';
const apiPaths = ['/tasks', '/cases', '/reports', '/local', '/openapi.json'];

/**
 * The API's OpenAPI document as a file of the build (openapi.json next to index.html): it depends only on the
 * routes and their schemas, so the build writes it once instead of the api Lambda generating it at every cold
 * start. CloudFront serves it at /openapi.json from the page's bucket; the local gateway generates its own.
 */
function openApiFile(): Plugin {
  return {
    name: 'mahnwesen-openapi',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'openapi.json', source: JSON.stringify(openApiDocument()) });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // The local gateway (and the CloudFront distribution on AWS) serve the page under /app/.
  base: '/app/',
  plugins: [openApiFile()],
  server: {
    proxy: Object.fromEntries(apiPaths.map((path) => [path, { target: localApi, changeOrigin: true }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      treeshake: {
        moduleSideEffects: (id: string) => !serverOnlyPackages.test(id),
      },
    },
  },
});
