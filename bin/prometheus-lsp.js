#!/usr/bin/env node
'use strict';
const path = require('node:path');
// The bundle, with the code cache `npm run build` writes beside it (see codeCache.js).
require('./codeCache.js').requireWithCodeCache(path.join(__dirname, '..', 'dist', 'cli.js')).exports.run();
