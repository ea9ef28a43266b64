/**
 * The layers of docs/architecture.md ("Layers and the rules that keep them apart"), checked by a
 * machine (`npm run lint`). Every folder is cruised: core, renderer/src, electron, sim, bench, e2e,
 * scripts. Tests (`*.test.ts`) are left out: a test may reach across layers to set up its world
 * (a core integration test starts the simulated device it talks to).
 */
const TOOLING = '^(sim|bench|e2e|scripts)/';

module.exports = {
  forbidden: [
    {
      name: 'core-is-plain-node',
      comment: 'core/ is the hub: it never imports Electron, React or the renderer.',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(renderer/|electron/)|node_modules/(electron|react|react-dom|zustand|react-router)/' },
    },
    {
      name: 'core-does-not-ship-tooling',
      comment:
        'The hub does not depend on the simulator, benchmarks, e2e or scripts. The one exception is ' +
        'core/demo.ts, the demo composition ("Explore a virtual home"), which runs sim/virtual-home.',
      severity: 'error',
      from: { path: '^core/', pathNot: '^core/demo\\.ts$' },
      to: { path: TOOLING },
    },
    {
      name: 'demo-uses-only-the-virtual-home',
      comment: 'core/demo.ts starts the virtual home through its entry point, nothing deeper.',
      severity: 'error',
      from: { path: '^core/demo\\.ts$' },
      to: { path: TOOLING, pathNot: '^sim/virtual-home\\.ts$' },
    },
    {
      name: 'core-does-not-ship-test-support',
      comment: 'core/test-support (real mosquitto, mpd, server processes) is for tests, bench and e2e only.',
      severity: 'error',
      from: { path: '^(core|electron|sim)/', pathNot: '^core/test-support/' },
      to: { path: '^core/test-support/' },
    },
    {
      name: 'protocols-are-neutral',
      comment: 'core/protocols holds wire formats the hub and the simulator share: it depends on model and util only.',
      severity: 'error',
      from: { path: '^core/protocols/' },
      to: { path: '^(core|renderer|electron|sim|bench|e2e|scripts)/', pathNot: '^core/(protocols|model|util)/' },
    },
    {
      name: 'util-is-a-leaf',
      comment: 'core/util holds helpers shared by several rooms; it depends on nothing of the hub but the model.',
      severity: 'error',
      from: { path: '^core/util/' },
      to: { path: '^(core|renderer|electron|sim|bench|e2e|scripts)/', pathNot: '^core/(util|model)/' },
    },
    {
      name: 'model-is-pure',
      comment: 'core/model is shared with the renderer: no Node built-ins, nothing from the rest of core.',
      severity: 'error',
      from: { path: '^core/model/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'model-stands-alone',
      comment: 'core/model is the vocabulary every layer uses; it imports no other part of the code.',
      severity: 'error',
      from: { path: '^core/model/' },
      to: { path: '^(core|renderer|electron|sim|bench|e2e|scripts)/', pathNot: '^core/model/' },
    },
    {
      name: 'renderer-only-uses-the-contract',
      comment: 'The renderer sees only the pure contract of core (model, api/contract*, api/bridge).',
      severity: 'error',
      from: { path: '^renderer/src/' },
      to: { path: '^(core|electron|sim|bench|e2e|scripts)/', pathNot: '^core/(model/|api/contract|api/bridge\\.ts$)' },
    },
    {
      name: 'renderer-has-no-node',
      comment: 'The renderer runs in a browser sandbox: no Node built-ins.',
      severity: 'error',
      from: { path: '^renderer/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'electron-is-the-shell',
      comment: 'electron/ starts the hub (core) and loads the built renderer; it never imports the renderer, sim or tooling.',
      severity: 'error',
      from: { path: '^electron/' },
      to: { path: '^(renderer/|sim/|bench/|e2e/|scripts/)' },
    },
    {
      name: 'sim-speaks-protocols-only',
      comment:
        'The virtual home is a stand-in for real devices: from core it may use only util (clock, netns ' +
        'guard), model and protocols (wire formats), never the hub that talks to it.',
      severity: 'error',
      from: { path: '^sim/' },
      to: { path: '^(core|renderer|electron|bench|e2e|scripts)/', pathNot: '^core/(util|model|protocols)/' },
    },
    {
      name: 'bench-and-e2e-stay-outside',
      comment: 'Benchmarks and e2e may use anything in core and sim, but not the renderer source or the Electron shell.',
      severity: 'error',
      from: { path: '^(bench|e2e)/' },
      to: { path: '^(renderer/src/|electron/|scripts/)' },
    },
    {
      name: 'nothing-imports-scripts',
      comment: 'scripts/ are entry points (build, native modules, screenshots).',
      severity: 'error',
      from: { path: '^(core|renderer|electron|sim|bench|e2e)/' },
      to: { path: '^scripts/' },
    },
    {
      name: 'only-bench-imports-bench',
      severity: 'error',
      from: { path: '^(core|renderer|electron|sim|e2e|scripts)/' },
      to: { path: '^bench/' },
    },
    {
      name: 'only-e2e-and-scripts-use-e2e',
      comment: 'e2e/support (the hub as a child process) is shared with scripts/screenshots.ts only.',
      severity: 'error',
      from: { path: '^(core|renderer|electron|sim|bench)/' },
      to: { path: '^e2e/' },
    },
    {
      name: 'scripts-are-node-tools',
      comment: 'scripts/ are Node tools: they may drive the built app and e2e helpers, not import the renderer or the shell.',
      severity: 'error',
      from: { path: '^scripts/' },
      to: { path: '^(renderer/src/|electron/)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    exclude: { path: '(^dist/|\\.test\\.tsx?$)' },
  },
};
