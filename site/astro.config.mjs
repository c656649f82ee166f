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
  // Four pages in flight: while one waits on the disk another renders (5,000 products: 82 s
  // instead of 100 s on a loaded machine, same CPU and memory).
  build: { format: 'directory', concurrency: Number(process.env.MESHGATE_SITE_CONCURRENCY || 4) },
  integrations: [mdx()],
  devToolbar: { enabled: false },
  vite: {
    // The core lives outside site/; the dev server may read it.
    server: { fs: { allow: ['..'] } },
  },
});
