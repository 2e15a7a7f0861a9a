// Preloaded into the site build (and, through NODE_OPTIONS, its data loaders): any attempt to reach the
// network fails the build with the address, so an import that would come from a CDN is caught here, not
// on the congress's intranet.
const refuse = (what) => {
  throw new Error(`the site build must work offline, but it tried to fetch ${what}`);
};
globalThis.fetch = async (input) => refuse(typeof input === "string" ? input : input?.url ?? String(input));
