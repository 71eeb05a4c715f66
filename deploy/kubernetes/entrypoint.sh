#!/bin/sh
# Entry point of the Wadi image.
#   server          the server in the foreground (bin/wadi server)
#   (no argument)   a worker, as the kubernetes scheduler starts it: WADI_WORKER_ID, WADI_JOB_ID,
#                   WADI_RUN_ID, WADI_CONTROLLER_ADDRESS, WADI_SLOTS set, and WADI_WORKER_BUNDLES
#                   listing the bundle locations (mvn:group/artifact/version[/type[/classifier]]
#                   or file:…), one per line, in install order.
set -eu
WADI_HOME="${WADI_HOME:-/opt/wadi}"

if [ "${1:-}" = "server" ]; then
    shift
    exec "$WADI_HOME/bin/wadi" server "$@"
fi
if [ -z "${WADI_WORKER_ID:-}" ]; then
    exec "$@"
fi

# A worker: each mvn: location is a jar in the distribution's system/ repository.
list="$(mktemp)"
while IFS= read -r location; do
    [ -z "$location" ] && continue
    case "$location" in
        mvn:*)
            coords="${location#mvn:}"
            group="$(echo "$coords" | cut -d/ -f1 | tr . /)"
            artifact="$(echo "$coords" | cut -d/ -f2)"
            version="$(echo "$coords" | cut -d/ -f3)"
            type="$(echo "$coords" | cut -d/ -f4)"
            classifier="$(echo "$coords" | cut -d/ -f5)"
            jar="$WADI_HOME/system/$group/$artifact/$version/$artifact-$version${classifier:+-$classifier}.${type:-jar}"
            ;;
        file:*)
            jar="${location#file:}"
            ;;
        *)
            echo "worker: unsupported bundle location '$location' (mvn: or file: expected)" >&2
            exit 2
            ;;
    esac
    if [ ! -f "$jar" ]; then
        echo "worker: bundle $location is not in this image (looked for $jar); build the image from the distribution the server runs, or mount the bundle there" >&2
        exit 2
    fi
    echo "$jar" >> "$list"
done <<BUNDLES
${WADI_WORKER_BUNDLES:-}
BUNDLES
if [ ! -s "$list" ]; then
    echo "worker: WADI_WORKER_BUNDLES lists no bundles" >&2
    exit 2
fi
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -cp "$WADI_HOME/lib/worker/*" org.wadi.launcher.WorkerMain --bundles "$list"
