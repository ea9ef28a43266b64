/** The layers of DESIGN.md, checked by a machine (`npm run lint`). */
module.exports = {
  forbidden: [
    {
      name: 'core-is-plain-node',
      comment: 'core/ is the hub: it never imports Electron, React or the renderer.',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(renderer/|electron/)|node_modules/(electron|react|react-dom|zustand)/' },
    },
    {
      name: 'renderer-only-uses-the-contract',
      comment: 'The renderer sees only the pure contract of core (model, api/contract, api/bridge).',
      severity: 'error',
      from: { path: '^renderer/src/' },
      to: { path: '^core/', pathNot: '^core/(model/|api/contract\\.ts$|api/bridge\\.ts$)' },
    },
    {
      name: 'renderer-has-no-node',
      comment: 'The renderer runs in a browser sandbox: no Node built-ins.',
      severity: 'error',
      from: { path: '^renderer/src/' },
      to: { dependencyTypes: ['core'] },
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
