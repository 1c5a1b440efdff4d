// Assembles the Anchor IDL from what the program's `idl-build` feature prints (read on stdin):
// the program block, then the address, the errors and each event, which Anchor prints apart.
// Type names arrive as Rust paths (`share_medical_records::state::grant::Grant`); they are
// shortened to their last segment, as Anchor's own tooling does, unless two would collide.
const input = await new Promise((resolve) => {
  let text = '';
  process.stdin.on('data', (chunk) => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
});

const blocks = [...input.matchAll(/--- IDL begin (\w+) ---\n([\s\S]*?)\n--- IDL end \1 ---/g)]
  .map(([, kind, body]) => ({ kind, value: JSON.parse(body) }));
const only = (kind) => {
  const found = blocks.filter((block) => block.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind} block, found ${found.length}`);
  return found[0].value;
};

const idl = only('program');
// The address block is a JSON string holding a JSON string.
idl.address = JSON.parse(only('address'));
idl.errors = only('errors');
idl.events = [];
const types = new Map(idl.types.map((type) => [type.name, type]));
for (const { value } of blocks.filter((block) => block.kind === 'event')) {
  idl.events.push(value.event);
  for (const type of value.types) types.set(type.name, type);
}
idl.types = [...types.values()];

const short = (path) => path.split('::').pop();
const counts = new Map();
for (const name of types.keys()) counts.set(short(name), (counts.get(short(name)) ?? 0) + 1);
const rename = (name) => (counts.get(short(name)) === 1 ? short(name) : name);
// Every place a type is named: definitions, `defined` references, accounts and events.
const visit = (node) => {
  if (Array.isArray(node)) return node.forEach(visit);
  if (node === null || typeof node !== 'object') return;
  if (typeof node.defined === 'object' && node.defined.name) node.defined.name = rename(node.defined.name);
  for (const value of Object.values(node)) visit(value);
};
for (const list of [idl.types, idl.accounts ?? [], idl.events]) {
  for (const item of list) item.name = rename(item.name);
}
visit(idl);

console.log(JSON.stringify(idl, null, 2));
