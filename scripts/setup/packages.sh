# Installs the machine packages the tests use. Sourced by scripts/test.sh.
# apt is retried: a concurrent apt run on the same machine can delete downloaded .debs under us.

apt_packages=(zip unzip python3-poetry)
# The compatibility check's tests compile shared libraries (gcc, libc6-dev) and compare with readelf (binutils).
apt_packages+=(gcc libc6-dev binutils)
# Container builds (scripts/setup/service-docker.sh): a Docker engine and the offline image's builder.
apt_packages+=(docker.io debootstrap)

install_packages() {
  local missing=()
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing apt packages: ${missing[*]}"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    for attempt in 1 2 3; do
      if $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
        break
      fi
      [ $attempt -eq 3 ] && { echo "apt-get install failed for: ${missing[*]}" >&2; return 1; }
      sleep 5
    done
  fi
}
