"""mint8_fuzzer: one fuzz target, LLVMFuzzerTestOneInput in `srcs`.

With --config=fuzz (clang 14, --define=fuzzing_engine=libfuzzer) the binary is
a libFuzzer fuzzer under ASan + UBSan. In every other build it links
//fuzzing:standalone_driver instead, which runs the files and directories
given as arguments through the target once: the product's gcc build (and its
sanitizer builds) replays the seed corpora in //fuzzing:seed_corpora_replay_test.
"""

def mint8_fuzzer(name, srcs, deps):
    native.cc_binary(
        name = name,
        testonly = True,
        srcs = srcs,
        deps = deps + select({
            "//fuzzing:libfuzzer": [],
            "//conditions:default": ["//fuzzing:standalone_driver"],
        }),
        linkopts = select({
            "//fuzzing:libfuzzer": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        visibility = ["//fuzzing:__pkg__"],
    )
