// Runs TypeScript sources directly (swc, with decorator metadata and the monorepo's path aliases),
// so `npm start` needs no build step.
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', 'tsconfig.base.json');
require('@swc-node/register');
