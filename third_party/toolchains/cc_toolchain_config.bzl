"""The pinned C++ toolchains: Debian's gcc 12 (the product) and clang 14 (the
fuzz build only: libFuzzer comes with clang), at fixed paths with fixed flags.

Builds do not depend on the user's PATH, CC or CXXFLAGS. C++ is always C++17.
Compilation modes: fastbuild (-O1, asserts on), opt (-O2, NDEBUG), dbg (-O0 -g).
Both compilers use gcc 12's libstdc++, so either links against the system
libraries (abseil, protobuf, oneDNN) Debian built with gcc.
"""

load(
    "@bazel_tools//tools/cpp:cc_toolchain_config_lib.bzl",
    "feature",
    "flag_group",
    "flag_set",
    "tool_path",
    "with_feature_set",
)
load("@bazel_tools//tools/build_defs/cc:action_names.bzl", "ACTION_NAMES")

_COMPILE_ACTIONS = [
    ACTION_NAMES.assemble,
    ACTION_NAMES.preprocess_assemble,
    ACTION_NAMES.c_compile,
    ACTION_NAMES.cpp_compile,
    ACTION_NAMES.cpp_header_parsing,
    ACTION_NAMES.cpp_module_compile,
    ACTION_NAMES.cpp_module_codegen,
    ACTION_NAMES.linkstamp_compile,
]

_CXX_ACTIONS = [
    ACTION_NAMES.cpp_compile,
    ACTION_NAMES.cpp_header_parsing,
    ACTION_NAMES.cpp_module_compile,
    ACTION_NAMES.cpp_module_codegen,
    ACTION_NAMES.linkstamp_compile,
]

_LINK_ACTIONS = [
    ACTION_NAMES.cpp_link_executable,
    ACTION_NAMES.cpp_link_dynamic_library,
    ACTION_NAMES.cpp_link_nodeps_dynamic_library,
]

# The compilers' own search paths: a toolchain must declare every builtin
# include directory, or Bazel rejects headers found there as undeclared
# inclusions.
_SYSTEM_INCLUDE_DIRECTORIES = [
    "/usr/include/c++/12",
    "/usr/include/x86_64-linux-gnu/c++/12",
    "/usr/include/c++/12/backward",
    "/usr/local/include",
    "/usr/include/x86_64-linux-gnu",
    "/usr/include",
]

_COMPILERS = {
    "gcc": struct(
        cc = "/usr/bin/gcc-12",
        cxx = "/usr/bin/g++-12",
        cpp = "/usr/bin/cpp-12",
        gcov = "/usr/bin/gcov-12",
        version = "gcc-12",
        include_directories = _SYSTEM_INCLUDE_DIRECTORIES + ["/usr/lib/gcc/x86_64-linux-gnu/12/include"],
        link_flags = ["-pass-exit-codes"],
    ),
    "clang": struct(
        cc = "/usr/bin/clang-14",
        cxx = "/usr/bin/clang++-14",
        cpp = "/usr/bin/clang-cpp-14",
        gcov = "/usr/bin/llvm-cov-14",
        version = "clang-14",
        include_directories = _SYSTEM_INCLUDE_DIRECTORIES + [
            "/usr/lib/llvm-14/lib/clang/14.0.6/include",
            # The sanitizers' ignore lists, which clang records as inputs.
            "/usr/lib/llvm-14/lib/clang/14.0.6/share",
        ],
        link_flags = [],
    ),
}

def _flags(actions, flags, features = None):
    return flag_set(
        actions = actions,
        flag_groups = [flag_group(flags = flags)],
        with_features = [with_feature_set(features = features)] if features else [],
    )

def _impl(ctx):
    compiler = _COMPILERS[ctx.attr.compiler]
    tool_paths = [
        tool_path(name = "gcc", path = compiler.cc),
        tool_path(name = "g++", path = compiler.cxx),
        tool_path(name = "cpp", path = compiler.cpp),
        tool_path(name = "ar", path = "/usr/bin/ar"),
        tool_path(name = "ld", path = "/usr/bin/ld"),
        tool_path(name = "nm", path = "/usr/bin/nm"),
        tool_path(name = "objcopy", path = "/usr/bin/objcopy"),
        tool_path(name = "objdump", path = "/usr/bin/objdump"),
        tool_path(name = "strip", path = "/usr/bin/strip"),
        tool_path(name = "gcov", path = compiler.gcov),
        tool_path(name = "dwp", path = "/usr/bin/dwp"),
    ]

    features = [
        feature(name = "dbg"),
        feature(name = "opt"),
        feature(name = "fastbuild"),
        feature(name = "supports_pic", enabled = True),
        feature(name = "supports_dynamic_linker", enabled = True),
        feature(
            name = "default_compile_flags",
            enabled = True,
            flag_sets = [
                _flags(_COMPILE_ACTIONS, [
                    "-U_FORTIFY_SOURCE",
                    "-fstack-protector",
                    "-Wall",
                    "-Wextra",
                    "-Wno-sign-compare",
                    "-fno-omit-frame-pointer",
                    # Reproducible outputs: no build-time stamps in objects.
                    "-Wno-builtin-macro-redefined",
                    "-D__DATE__=\"redacted\"",
                    "-D__TIMESTAMP__=\"redacted\"",
                    "-D__TIME__=\"redacted\"",
                ]),
                _flags(_CXX_ACTIONS, ["-std=c++17"]),
                _flags(_COMPILE_ACTIONS, ["-O1"], ["fastbuild"]),
                _flags(_COMPILE_ACTIONS, ["-g", "-O0"], ["dbg"]),
                _flags(_COMPILE_ACTIONS, [
                    "-O2",
                    "-DNDEBUG",
                    "-ffunction-sections",
                    "-fdata-sections",
                ], ["opt"]),
            ],
        ),
        feature(
            name = "default_link_flags",
            enabled = True,
            flag_sets = [
                _flags(_LINK_ACTIONS, [
                    "-fuse-ld=bfd",
                    "-Wl,-no-as-needed",
                    "-Wl,-z,relro,-z,now",
                    "-lstdc++",
                    "-lm",
                ] + compiler.link_flags),
                _flags(_LINK_ACTIONS, ["-Wl,--gc-sections"], ["opt"]),
            ],
        ),
        feature(
            name = "user_compile_flags",
            enabled = True,
            flag_sets = [flag_set(
                actions = _COMPILE_ACTIONS,
                flag_groups = [flag_group(
                    flags = ["%{user_compile_flags}"],
                    iterate_over = "user_compile_flags",
                    expand_if_available = "user_compile_flags",
                )],
            )],
        ),
        feature(
            name = "user_link_flags",
            enabled = True,
            flag_sets = [flag_set(
                actions = _LINK_ACTIONS,
                flag_groups = [flag_group(
                    flags = ["%{user_link_flags}"],
                    iterate_over = "user_link_flags",
                    expand_if_available = "user_link_flags",
                )],
            )],
        ),
    ]

    return cc_common.create_cc_toolchain_config_info(
        ctx = ctx,
        features = features,
        cxx_builtin_include_directories = compiler.include_directories,
        toolchain_identifier = "mint8-%s-x86_64" % compiler.version,
        host_system_name = "x86_64-unknown-linux-gnu",
        target_system_name = "x86_64-unknown-linux-gnu",
        target_cpu = "k8",
        target_libc = "glibc",
        compiler = ctx.attr.compiler,
        abi_version = compiler.version,
        abi_libc_version = "glibc",
        tool_paths = tool_paths,
    )

mint8_toolchain_config = rule(
    implementation = _impl,
    attrs = {"compiler": attr.string(mandatory = True, values = _COMPILERS.keys())},
    provides = [CcToolchainConfigInfo],
)
