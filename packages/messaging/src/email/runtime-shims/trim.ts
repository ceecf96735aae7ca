/**
 * Stands in for `@babel/runtime-corejs3/core-js/instance/trim`, which mimetext's browser build
 * imports and which pulls core-js-pure's polyfills into every worker that sends email: every
 * runtime we target has `String.prototype.trim`. Wired by the `alias` of the workers' wrangler
 * configs (and the local stack's bundler, which reads them).
 */
export default function trim(value: string): () => string {
  return value.trim;
}
