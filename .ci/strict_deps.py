#!/usr/bin/env python3
"""Strict include checking for mint8's C++ targets.

Every `#include "path"` of a file in the repository must name a header of
the including target itself or of one of its direct dependencies (a header
reached only through a transitive dependency breaks when that dependency
changes). gcc has no layering check, so this script reads `bazel query`'s
XML and the sources. Exits 1 and lists the violations, 0 when there are none.

Usage (from the repository root): python3 .ci/strict_deps.py
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def label_to_path(label):
    # //pkg/sub:file.cc -> pkg/sub/file.cc
    package, _, name = label[2:].partition(":")
    return f"{package}/{name}" if package else name


def query_rules():
    out = subprocess.run(
        ["bazel", "query", 'kind("cc_(library|binary|test)", //...)', "--output=xml"],
        check=True, capture_output=True, text=True).stdout
    rules = {}
    for rule in ET.fromstring(out).iter("rule"):
        attrs = {"srcs": [], "hdrs": [], "deps": []}
        for lst in rule.iter("list"):
            if lst.get("name") in attrs:
                attrs[lst.get("name")] = [e.get("value") for e in lst.iter("label")]
        rules[rule.get("name")] = attrs
    return rules


def main():
    rules = query_rules()
    owners = {}  # header path -> targets that declare it
    for name, attrs in rules.items():
        for label in attrs["hdrs"] + attrs["srcs"]:
            if label.startswith("//") and label.endswith(".h"):
                owners.setdefault(label_to_path(label), set()).add(name)
    violations = []
    for name, attrs in sorted(rules.items()):
        allowed = {name} | set(attrs["deps"])
        for label in attrs["srcs"] + attrs["hdrs"]:
            if not label.startswith("//"):
                continue
            path = label_to_path(label)
            try:
                text = open(path, encoding="utf-8").read()
            except (FileNotFoundError, IsADirectoryError):
                continue
            for header in INCLUDE.findall(text):
                declared = owners.get(header)
                if declared is not None and not declared & allowed:
                    violations.append(f"{name}: {path} includes {header} (from {', '.join(sorted(declared))}) "
                                      "without depending on it")
    for v in violations:
        print(v)
    print(f"strict deps: {len(rules)} targets checked, {len(violations)} violations")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
