// Tests are tiered by suffix: *.unit.spec.ts, *.int.spec.ts (real PostgreSQL and NATS),
// *.e2e.spec.ts (whole platform, in-process and as separate processes).
const { readFileSync } = require('node:fs');

// Path aliases come from tsconfig.base.json so jest, swc at runtime and tsc agree.
const { compilerOptions } = JSON.parse(readFileSync(`${__dirname}/tsconfig.base.json`, 'utf8'));
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
    module: { type: 'commonjs' },
  },
];

const tier = (name) => ({
  displayName: name,
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [`<rootDir>/{contracts,libs,services,tools}/**/*.${name}.spec.ts`],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
});

// testTimeout is a global option (jest ignores it inside projects); slow setups pass their own.
module.exports = { testTimeout: 30_000, projects: [tier('unit'), tier('int'), tier('e2e')] };
