# A Docker engine for the container-build tests. Sourced by scripts/test.sh, which calls start_docker
# before the tests and stop_docker after. Can also be used by hand:
#   source scripts/setup/packages.sh; source scripts/setup/service-docker.sh; start_docker
#
# start_docker
#   * uses a daemon that already answers (DOCKER_HOST, the default socket, or the one this script started
#     earlier) and otherwise starts ONE dockerd by hand (no systemd on these machines), storage driver
#     overlay2 when the kernel allows it, else vfs;
#   * exports DOCKER_HOST so the tests and the docker CLI find it;
#   * makes sure the image the default settings name for python3.11/x86_64 exists. No registry is
#     reachable, so it is built offline: debootstrap of Debian bookworm (python3 3.11, pip, venv, Poetry)
#     imported as lambda-layers/offline-python:bookworm and tagged with the SAM image name. The rootfs
#     tarball is cached under /var/cache/lambda-layers, and the daemon's data root is kept, so reruns
#     take seconds.
# stop_docker stops the daemon start_docker started, and only that one.

docker_state_dir=${LAMBDA_LAYERS_DOCKER_STATE:-/var/lib/lambda-layers/docker}
docker_run_dir=${LAMBDA_LAYERS_DOCKER_RUN:-/run/lambda-layers-docker}
docker_socket="$docker_run_dir/docker.sock"
docker_cache_dir=${LAMBDA_LAYERS_CACHE:-/var/cache/lambda-layers}
docker_offline_image=lambda-layers/offline-python:bookworm
docker_sam_image=public.ecr.aws/sam/build-python3.11:latest-x86_64
docker_started_pid=""

_docker_answers() { timeout 10 docker info >/dev/null 2>&1; }

# The Debian mirror apt is configured with (deb822 or one-line format), so debootstrap uses the same one.
_debian_mirror() {
  local uri
  uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | grep -m1 debian)
  [ -n "$uri" ] || uri=$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '{print $2}' | grep -v security | grep -m1 debian)
  echo "${uri:-http://deb.debian.org/debian}"
}

_start_dockerd() {
  local driver=$1 log="$docker_run_dir/dockerd.log"
  mkdir -p "$docker_state_dir" "$docker_run_dir/exec"
  # A leftover pid file from a killed daemon blocks a new start.
  rm -f "$docker_run_dir/exec/docker.pid" "$docker_socket"
  dockerd --data-root "$docker_state_dir/$driver" --exec-root "$docker_run_dir/exec" \
    --pidfile "$docker_run_dir/dockerd.pid" -H "unix://$docker_socket" --storage-driver "$driver" \
    >"$log" 2>&1 &
  docker_started_pid=$!
  export DOCKER_HOST="unix://$docker_socket"
  for _ in $(seq 1 60); do
    if _docker_answers; then return 0; fi
    kill -0 "$docker_started_pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "dockerd with storage driver $driver did not come up; its log:" >&2
  tail -n 15 "$log" >&2
  kill "$docker_started_pid" 2>/dev/null; wait "$docker_started_pid" 2>/dev/null
  docker_started_pid=""
  return 1
}

# debootstrap mounts /proc and /sys inside the rootfs while it installs; unmount whatever is left before
# deleting, and never cross into another file system.
_remove_rootfs() {
  local dir=$1 m
  for m in $(awk -v r="$dir/" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r); do umount -l "$m" || true; done
  rm -rf --one-file-system "$dir"
}

_build_offline_image() {
  local tarball="$docker_cache_dir/offline-python-bookworm.tar"
  if [ ! -s "$tarball" ]; then
    command -v debootstrap >/dev/null || { echo "debootstrap is missing (apt package debootstrap)" >&2; return 1; }
    local rootfs mirror
    rootfs=$(mktemp -d /var/tmp/lambda-layers-rootfs.XXXXXX)
    mirror=$(_debian_mirror)
    echo "Building the offline Python image with debootstrap from $mirror (about a minute, cached afterwards)"
    local ok=""
    # debootstrap does not resolve virtual packages: python3-cryptography (needed by Poetry) depends on
    # python3-cffi-backend-api-*, which only python3-cffi-backend provides, so it is named explicitly.
    for attempt in 1 2 3; do
      if debootstrap --variant=minbase \
          --include=python3,python3-pip,python3-venv,python3-poetry,python3-cffi-backend \
          bookworm "$rootfs" "$mirror" >"$docker_run_dir/debootstrap.log" 2>&1; then ok=1; break; fi
      cp "$rootfs/debootstrap/debootstrap.log" "$docker_run_dir/debootstrap-chroot.log" 2>/dev/null || true
      echo "debootstrap attempt $attempt failed (logs in $docker_run_dir): $(tail -n 3 "$docker_run_dir/debootstrap.log")" >&2
      _remove_rootfs "$rootfs"; mkdir -p "$rootfs"; sleep 5
    done
    [ -n "$ok" ] || { _remove_rootfs "$rootfs"; return 1; }
    # Package lists and caches are not needed inside the image; keep the tarball small.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    mkdir -p "$rootfs/var/task" "$docker_cache_dir"
    tar --numeric-owner -C "$rootfs" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    _remove_rootfs "$rootfs"
  fi
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'WORKDIR /var/task' \
    "$tarball" "$docker_offline_image" >/dev/null
}

start_docker() {
  command -v dockerd >/dev/null && command -v debootstrap >/dev/null || {
    declare -F install_packages >/dev/null || source "$(dirname "${BASH_SOURCE[0]}")/packages.sh"
    install_packages
  }
  local began=$SECONDS
  mkdir -p "$docker_run_dir"
  if [ -n "${DOCKER_HOST:-}" ] && _docker_answers; then
    echo "Using the Docker daemon at $DOCKER_HOST"
  elif [ -S "$docker_socket" ] && DOCKER_HOST="unix://$docker_socket" _docker_answers; then
    export DOCKER_HOST="unix://$docker_socket"
    echo "Using the Docker daemon already running at $DOCKER_HOST"
  elif [ -z "${DOCKER_HOST:-}" ] && _docker_answers; then
    echo "Using the default Docker daemon"
  else
    _start_dockerd overlay2 || _start_dockerd vfs || { echo "Could not start dockerd" >&2; return 1; }
    echo "Started dockerd (pid $docker_started_pid, $(docker info --format '{{.Driver}}') storage) at $DOCKER_HOST"
  fi
  if ! docker image inspect "$docker_sam_image" >/dev/null 2>&1; then
    docker image inspect "$docker_offline_image" >/dev/null 2>&1 || _build_offline_image || return 1
    docker tag "$docker_offline_image" "$docker_sam_image"
  fi
  echo "Docker ready with $docker_sam_image in $((SECONDS - began)) s"
}

stop_docker() {
  [ -n "$docker_started_pid" ] || return 0
  # Containers a failed test may have left would keep the daemon busy; they are ours.
  docker ps -aq --filter name=lambda-layers- | xargs -r docker rm -f >/dev/null 2>&1 || true
  kill "$docker_started_pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$docker_started_pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$docker_started_pid" 2>/dev/null || true
  wait "$docker_started_pid" 2>/dev/null || true
  echo "Stopped dockerd (pid $docker_started_pid)"
  docker_started_pid=""
}
