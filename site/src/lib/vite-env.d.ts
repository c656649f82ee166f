// The one Vite feature the site's modules use, typed here because the project's tsconfig has node types only.
interface ImportMeta {
  glob<T = unknown>(pattern: string): Record<string, () => Promise<T>>;
}
