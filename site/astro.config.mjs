// The catalog site for a plain `astro` run in site/. site/scripts/build.ts (`npm start`,
// `npm run build:site`, `npm run dev`) passes the same configuration inline instead, made from its
// own command line and environment (scripts/astro-config.ts, src/lib/settings.ts).
import { defineConfig } from 'astro/config';
import { astroConfig } from './scripts/astro-config.ts';
import { siteSettings } from './src/lib/settings.ts';

export default defineConfig(astroConfig(siteSettings(process.env)));
