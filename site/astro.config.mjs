// The catalog site. Paths and base come from the environment so one config serves `npm start`,
// GitHub Pages project sites (served under /<repository>/) and tests building into a temp dir.
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';

export default defineConfig({
  outDir: process.env.MESHGATE_SITE_OUT || './dist',
  base: process.env.MESHGATE_SITE_BASE || '/',
  site: process.env.MESHGATE_SITE_URL || undefined,
  cacheDir: process.env.MESHGATE_SITE_CACHE || './node_modules/.astro',
  trailingSlash: 'ignore',
  // Eight pages in flight: while some wait on the disk another renders. At 5,000 products on a
  // loaded machine, back to back: 4 → 52 s, 8 → 43–45 s, 16 → 60 s (earlier, with slower pages:
  // 1 → 100 s, 4 → 82 s); CPU and memory about the same.
  build: { format: 'directory', concurrency: Number(process.env.MESHGATE_SITE_CONCURRENCY || 8) },
  integrations: [mdx()],
  devToolbar: { enabled: false },
  vite: {
    // The core lives outside site/; the dev server may read it.
    server: { fs: { allow: ['..'] } },
  },
});
