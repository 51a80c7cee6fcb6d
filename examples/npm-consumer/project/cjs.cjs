// Loads each package through `require` and checks a few of its exports.
const checkExports = require('./check-exports.cjs');

const loaded = {
  core: require('@arion-metrics/core'),
  server: require('@arion-metrics/server'),
  react: require('@arion-metrics/react'),
  reactClient: require('@arion-metrics/react/client'),
};
console.log(checkExports('CJS', loaded));
