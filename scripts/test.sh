#!/usr/bin/env bash
# The test command: installs what the tests need when it is missing, then builds
# target/cody-batch.hpi and target/cody-batch-cli.jar and runs every test (mvn -B verify).
# Extra arguments go to Maven, e.g. scripts/test.sh -o
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v git >/dev/null || missing+=(git)
command -v unzip >/dev/null || missing+=(unzip)
# The results viewer is tested in Debian's headless Chromium, driven by its ChromeDriver.
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing test prerequisites: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

exec mvn -B verify "$@"
