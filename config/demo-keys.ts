// The public halves of the demo keys, whose private halves are published in config/demo-keys/ so
// that the README walk-through signs on any machine. A decision signed with one proves nothing, so
// a configuration may hold them only when it says it is the demo (`security.demo: true`). Listed
// here rather than read from the folder: the Docker image does not contain the folder, and must
// still refuse them. (tests/config.test.ts checks this list against the folder.)
export const DEMO_PUBLIC_KEYS: Readonly<Record<string, string>> = {
  'ana.quality': 'd5804aa2a184c8bebd0b7ecf583316a81d0e25d847eda4b9be4990da395e1b69',
  'omar.quality': '4bc432a4beda66db92ce5ee845c07ee20b19fa8d4cc6ffb696a7566fed19fe3e',
  'ben.governance': '8ef58c3cbfff236ea395424991cb451180aef2186e67988b0dbba574f82419ba',
  'mia.governance': 'f6e4a113c090383233e512ddf48523c809e99bfcb34de09fd20aa2b4cff5b62a',
  'hana.hoq': '0be4b91db14753f673c2636bda54b77cb5e29bb5a5b1b38eea7660539e9899ed',
  'nia.national': '7baad76e3b41e5d94c449340e40111e925e54ed9ff249a615e724954fd6cbe64',
  'noah.national': 'f31e6d646ca263d73f8ae28e904a740b1cb714062faa7d2ef4c632e3071c047e',
  'dee.dean': '38ae41a59b7e6b0c4ebe65c322cd31fa5e04e75176fc978801b2fe587653c26a',
  'jo.jsog': 'e52ddc776111acbe50747257519e7a6950258fc43a2bc99fd863785261c61320',
};
