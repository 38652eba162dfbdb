#!/bin/sh
echo "mint8 builds offline and has no coverage tools; 'bazel coverage' is not supported." >&2
exit 1
