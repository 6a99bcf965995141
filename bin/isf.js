#!/usr/bin/env node
// `npx isf …`: runs the compiled admin script (npm install builds it).
'use strict';
require('../dist/client/isf.js')
  .run(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
