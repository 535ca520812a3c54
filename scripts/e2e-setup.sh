#!/usr/bin/env bash
# Sets up everything the end-to-end tests in test/e2e/ need to drive a REAL
# VS Code:
#   * Debian packages: the toolchain code-server's native modules build with,
#     python3-keras-applications (keras-applications.test.mjs reads its model modules),
#     ripgrep (stands in for the rg binary @vscode/ripgrep would download) and
#     chromium (driven by playwright-core);
#   * code-server (npm package; bundles a real VS Code build) installed into a
#     project-local, gitignored prefix: test/e2e/.work/code-server;
#   * playwright-core in the project's node_modules (it is a devDependency).
#
# Idempotent: every step is skipped when its result is already there.
# Works as root on a fresh Debian machine with CI=true and no stdin.
# The only network it needs is Debian's apt mirrors and the npm registry.
#
# Env:
#   E2E_WORK            work dir (default: <repo>/test/e2e/.work); the e2e harness reads it
#                       too, so clones that set it to one folder share one code-server
#   CODE_SERVER_VERSION (default: 4.100.3 -- newest line that runs on Node 20)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${E2E_WORK:-$ROOT/test/e2e/.work}"
CS_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
CS_PREFIX="$WORK/code-server"
CS_MARKER="$CS_PREFIX/.installed-$CS_VERSION"
# @vscode/ripgrep version pinned by code-server 4.100.3's lib/vscode shrinkwrap,
# and the ripgrep release/target its postinstall (lib/postinstall.js) asks for.
RG_PKG_VERSION="1.15.11"
RG_ASSET="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"

log() { printf '[e2e-setup] %s\n' "$*"; }
t0=$SECONDS

exec </dev/null
export DEBIAN_FRONTEND=noninteractive
export CI="${CI:-true}"

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi

# ---------------------------------------------------------------- apt packages
APT_PKGS=(build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev
          libsecret-1-dev ripgrep chromium python3-keras-applications)
missing=()
for p in "${APT_PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt: installing ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  log "apt: all packages present"
fi

# ----------------------------------------------------------------- code-server
if [ -f "$CS_MARKER" ] && [ -x "$CS_PREFIX/bin/code-server" ]; then
  log "code-server $CS_VERSION: already installed in $CS_PREFIX"
else
  case "$(node -p 'process.versions.node.split(".")[0]')" in
    20) ;;
    *) log "ERROR: code-server $CS_VERSION needs Node 20 (found $(node --version))"; exit 1 ;;
  esac
  arch="$(node -p 'process.arch')"
  if [ "$arch" != x64 ]; then
    log "ERROR: only x64 is wired up (ripgrep cache asset); found $arch"; exit 1
  fi
  log "code-server $CS_VERSION: installing into $CS_PREFIX (takes several minutes: native modules build)"
  rm -rf "$CS_PREFIX"
  mkdir -p "$CS_PREFIX" "$WORK/tmp"
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless
  # $TMPDIR/vscode-ripgrep-cache-<pkgversion>/<asset> exists: pre-fill it
  # with Debian's rg.
  export TMPDIR="$WORK/tmp"
  rgcache="$TMPDIR/vscode-ripgrep-cache-$RG_PKG_VERSION"
  mkdir -p "$rgcache"
  if [ ! -s "$rgcache/$RG_ASSET" ]; then
    stage="$(mktemp -d)"
    cp "$(command -v rg)" "$stage/rg"
    tar -czf "$rgcache/$RG_ASSET" -C "$stage" rg
    rm -rf "$stage"
  fi
  # As root, code-server's postinstall refuses to run without unsafe-perm.
  export npm_config_unsafe_perm=true
  # npm >= 11.x blocks dependency install scripts unless approved
  # (allowScripts). code-server's postinstall runs a nested, project-scoped
  # `npm install` in lib/vscode whose native modules (node-pty, spdlog,
  # @vscode/ripgrep, kerberos, ...) must build, so allow them for this install
  # only; the env var reaches the nested npm too. Older npm ignores it.
  export npm_config_dangerously_allow_all_scripts=true
  # node-pty's postinstall runs `npx node-gyp ...`; with no TTY (and a user
  # npmrc saying yes=false) npx refuses: "npx canceled due to missing packages
  # and no YES option". Let it fetch node-gyp from the npm registry.
  export npm_config_yes=true
  # A LOCAL install in its own folder, not `npm install -g --prefix`: the
  # postinstall's nested `npm install` inherits npm_config_global=true from a
  # global install and then installs lib/vscode (also named code-server) over
  # the package it is running from (TAR_ENTRY_ERROR ENOENT ... Cannot cd into).
  # The package.json stops npm from walking up to the project's own one.
  printf '{ "name": "shapelens-e2e-code-server", "private": true }\n' > "$CS_PREFIX/package.json"
  # The install's output goes to a log: it holds lines that look like failures and are not --
  # npm's "unknown config unsafe-perm" warnings (npm 11 dropped the option; code-server's
  # postinstall still checks the variable) and a "node-pre-gyp ERR!" from a prebuilt-binary
  # download that falls back to building the module here. A real failure prints the log's tail.
  log_file="$WORK/code-server-install.log"
  log "code-server $CS_VERSION: npm output in $log_file (its unsafe-perm warnings and node-pre-gyp ERR! lines are expected)"
  if ! (cd "$CS_PREFIX" && npm install --foreground-scripts --no-audit --no-fund \
    --loglevel=warn "code-server@$CS_VERSION") >"$log_file" 2>&1; then
    tail -n 40 "$log_file"
    log "ERROR: installing code-server failed (whole output: $log_file)"; exit 1
  fi
  mkdir -p "$CS_PREFIX/bin"
  ln -sfn ../node_modules/.bin/code-server "$CS_PREFIX/bin/code-server"
  if ! "$CS_PREFIX/bin/code-server" --version | grep -q "^$CS_VERSION"; then
    log "ERROR: code-server did not install correctly"; exit 1
  fi
  touch "$CS_MARKER"
  log "code-server $CS_VERSION: installed"
fi

# ---------------------------------------------------------- playwright-core
if [ -f "$ROOT/node_modules/playwright-core/package.json" ]; then
  log "playwright-core: present"
else
  log "playwright-core: installing (from package.json devDependencies)"
  (cd "$ROOT" && npm install --no-audit --no-fund --loglevel=warn)
  if [ ! -f "$ROOT/node_modules/playwright-core/package.json" ]; then
    (cd "$ROOT" && npm install --no-audit --no-fund --loglevel=warn --no-save playwright-core)
  fi
fi

log "done in $((SECONDS - t0))s"
