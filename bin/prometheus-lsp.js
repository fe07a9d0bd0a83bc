#!/usr/bin/env node
'use strict';
const path = require('node:path');
const { requireWithCodeCache, restoreDefaultV8Flags } = require('./codeCache.js');
// The bundle, with the code cache `npm run build` writes beside it (see codeCache.js).
const bundle = requireWithCodeCache(path.join(__dirname, '..', 'dist', 'cli.js')).exports;
// A language server runs for long: there, V8's usual early optimisation pays (see codeCache.js); so
// does it in a check of many files, which the command says once it has found them.
if (process.argv[2] === 'serve') restoreDefaultV8Flags();
bundle.run(restoreDefaultV8Flags);
