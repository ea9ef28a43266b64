#!/bin/sh
# Runs a command in a fresh network namespace whose only interface is loopback, with
# multicast routed to it: mDNS tests and demos can never reach a real network.
set -e
if [ "$(id -u)" != 0 ] && ! unshare --user --map-root-user true 2>/dev/null; then
  echo "netns.sh: needs root or unprivileged user namespaces to create a network namespace" >&2
  exit 1
fi
[ "$(id -u)" = 0 ] && userns="" || userns="--user --map-root-user"
exec unshare $userns --net sh -c 'ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo && exec "$@"' netns "$@"
