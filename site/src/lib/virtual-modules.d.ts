/** The build's settings, as the pages are bundled with them (site/scripts/astro-config.ts). */
declare module 'virtual:meshgate/settings' {
  const settings: import('./settings.ts').PageSettings;
  export default settings;
}
