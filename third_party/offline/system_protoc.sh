#!/bin/sh
# The Debian protoc (3.21.12), which matches the system libprotobuf exactly.
exec /usr/bin/protoc "$@"
