// What the components import as `react`: Preact's compatibility layer, with a `useId` unique
// in the page. Preact's own numbers ids per lazily loaded subtree, so a page and the shell could
// draw the same id, and a label then names another component's field. Plain JavaScript: the
// components are typed against React's types, and Preact's do not re-export with `export *`.

import { useState } from 'preact/compat';

export * from 'preact/compat';
export { default } from 'preact/compat';

let issued = 0;

export function useId() {
  const [id] = useState(() => `id-${++issued}`);
  return id;
}
