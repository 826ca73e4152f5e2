// The React 18 copy that @archipelag/react's tests alias (`react-dom-18`) must load React 18,
// not the workspace's React 19: pnpm resolves a peer from the parent package, so the peer is
// turned into a plain dependency for react-dom 18 only.
module.exports = {
  hooks: {
    readPackage(pkg) {
      if (pkg.name === 'react-dom' && pkg.version.startsWith('18.')) {
        pkg.dependencies = { ...pkg.dependencies, react: pkg.version }
        delete pkg.peerDependencies
      }
      return pkg
    },
  },
}
