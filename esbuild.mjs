// Bundles what ships: the language server / CLI and the VS Code client. Types are checked by `tsc -b`.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');

const serverRequire = createRequire(new URL('./server/package.json', import.meta.url));

/*
 * The `yaml` package (CommonJS) as one module of the bundle that exports its bindings: esbuild gives
 * every module importing a CommonJS package a copy of its exports made of getters (30 modules here,
 * 30 exports each, at every start), and every call of `isMap`, `isScalar`… through them is a getter
 * call more. Here the package is required once and its exports read once; importers bind to them
 * directly. The same package code runs (its Node build); the exports are set once when it loads.
 */
const yamlBindings = {
  name: 'yaml-bindings',
  setup(pluginBuild) {
    const file = serverRequire.resolve('yaml');
    const names = Object.keys(serverRequire('yaml'));
    pluginBuild.onResolve({ filter: /^yaml$/ }, () => ({ path: 'yaml', namespace: 'yaml-bindings' }));
    pluginBuild.onLoad({ filter: /^yaml$/, namespace: 'yaml-bindings' }, () => ({
      loader: 'js',
      resolveDir: path.dirname(file),
      contents: `const yaml = require(${JSON.stringify(file)});\nexport const { ${names.join(', ')} } = yaml;\n`,
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  plugins: [yamlBindings],
  define: { PACKAGE_VERSION: JSON.stringify(version) },
  // js-yaml's CommonJS build, not its ES module: the module builds the parser's state with object
  // spread, and reads a rule file group by group (yamlEventStream.ts) 2.5 times slower that way.
  // Resolved as the server (whose dependency it is) requires it, wherever npm placed it.
  // web-tree-sitter's CommonJS build too: its ES module finds its .wasm through `import.meta.url`,
  // which a CommonJS bundle does not have.
  alias: {
    'js-yaml': createRequire(new URL('./server/package.json', import.meta.url)).resolve('js-yaml'),
    'web-tree-sitter': createRequire(new URL('./server/package.json', import.meta.url)).resolve('web-tree-sitter'),
  },
};

await Promise.all([
  // Without comments or whitespace: an ASCII text of 1.4 MB instead of 1.9 MB in UTF-16 for the
  // command to read, hash and compile. Names stay, for stack traces (the production build minifies
  // them too); the development build's source map has the rest.
  build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/cli.js', minifyWhitespace: true }),
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  // The results view runs in a webview: a browser bundle, with the chart library (uPlot) inside.
  build({ ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['client/webview/results.ts'], outfile: 'dist/webview/results.js' }),
]);
mkdirSync('dist/webview', { recursive: true });
copyFileSync('node_modules/uplot/dist/uPlot.min.css', 'dist/webview/uPlot.min.css');
// web-tree-sitter's runtime and the grammars that read application code, beside dist/cli.js where
// server/src/fileSystem/codeGrammars.ts looks first (the .vsix ships them: .vscodeignore).
for (const [pkg, file] of [['web-tree-sitter', 'tree-sitter.wasm'], ['tree-sitter-python', 'tree-sitter-python.wasm'], ['tree-sitter-javascript', 'tree-sitter-javascript.wasm'], ['tree-sitter-typescript', 'tree-sitter-typescript.wasm'], ['tree-sitter-typescript', 'tree-sitter-tsx.wasm']]) {
  copyFileSync(serverRequire.resolve(`${pkg}/${file}`), `dist/${file}`);
}
// The command's code cache, made by this Node after a warm-up check (bin/codeCache.js).
execFileSync(process.execPath, ['-e', "require('./bin/codeCache.js').writeCodeCache(require('node:path').resolve('dist/cli.js'))"], { stdio: 'inherit' });
