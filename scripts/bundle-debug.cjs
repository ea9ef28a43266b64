// Bundled in place of the `debug` package (scripts/build-hub.mjs). mqtt-packet calls its debug loggers about six
// times per packet it parses; even switched off, each call gathers its arguments into an array and reads an
// `enabled` getter (~0.25 µs a message, 2–3 % of the hub's ingest CPU, profiled). With DEBUG set at start the real
// package is used, so `DEBUG=mqtt-packet:* npm run hub` traces as before; without it every logger is a no-op.
'use strict';

function off(namespace) {
  const log = function () {};
  log.namespace = namespace;
  log.enabled = false;
  log.log = log;
  log.extend = (sub, delimiter = ':') => off(`${namespace}${delimiter}${sub}`);
  log.destroy = () => true;
  return log;
}

function createDebug(namespace) {
  return off(String(namespace));
}
createDebug.debug = createDebug;
createDebug.default = createDebug;
createDebug.enable = () => {};
createDebug.disable = () => '';
createDebug.enabled = () => false;
createDebug.names = [];
createDebug.skips = [];
createDebug.formatters = {};

// The real package only when asked for: a CommonJS module in place of a CommonJS package, so require() it is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
module.exports = process.env.DEBUG ? require('../node_modules/debug/src/index.js') : createDebug;
