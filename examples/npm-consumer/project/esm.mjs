// Loads each package through `import` and checks a few of its exports.
import * as core from '@arion-metrics/core';
import * as react from '@arion-metrics/react';
import * as reactClient from '@arion-metrics/react/client';
import * as server from '@arion-metrics/server';
import checkExports from './check-exports.cjs';

console.log(checkExports('ESM', { core, server, react, reactClient }));
