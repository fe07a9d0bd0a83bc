#!/bin/bash
# Installs the real Prometheus parts the tests start (Debian packages), and what the end-to-end
# tests need (Chromium; code-server's build dependencies), and the editors whose README snippets
# are tested (Neovim; Emacs with eglot and yaml-mode), when missing.
# As root: apt-get. Otherwise: says what is missing and how to install it (the tests that need them fail with that message).
# code-server itself comes from npm, installed by the tests into ~/.cache/prometheus-lsp on first use.
set -u
missing=()
for binary in prometheus promtool prometheus-node-exporter victoria-metrics chromium rg nvim emacs; do
  command -v "$binary" >/dev/null 2>&1 || missing+=("$binary")
done
/usr/bin/python3 -c 'import prometheus_client, fastapi, uvicorn' >/dev/null 2>&1 || missing+=("python3-prometheus-client python3-fastapi uvicorn")
for dev in build-essential libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev elpa-eglot elpa-yaml-mode; do
  dpkg -s "$dev" >/dev/null 2>&1 || missing+=("$dev")
done
[ ${#missing[@]} -eq 0 ] && exit 0
packages="prometheus prometheus-node-exporter victoria-metrics python3-prometheus-client python3-fastapi uvicorn chromium ripgrep build-essential python3 libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev neovim emacs-nox elpa-eglot elpa-yaml-mode"
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-services: missing ${missing[*]}; install them with: sudo apt-get install -y $packages" >&2
  exit 0
fi
echo "install-test-services: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null &&
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends $packages >/dev/null ||
  { echo "install-test-services: apt-get failed" >&2; exit 1; }
