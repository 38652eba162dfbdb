"""The target CPU ISA setting and the helpers per-ISA kernel targets use.

`--//config:isa` names the *highest* ISA compiled into mint8's per-ISA kernels.
There is no AMX level: mint8 has no AMX kernels, and oneDNN (a Debian library
built for every ISA) uses AMX tiles by itself on CPUs that have them.
  dispatch (default)  every variant is compiled; the runtime picks from CPUID
  generic             portable C++ only
  avx2 | avx512 | avx512_vnni
                      every variant up to and including that ISA
  emulated_avx512     every variant, the AVX-512 ones compiled for AVX2 with
                      their intrinsics from SIMDe (x86_intrinsics.h) and counted
                      as available wherever AVX2 is: their tests then run (slowly,
                      and only for correctness) on CPUs without AVX-512

A per-ISA kernel target is declared with `isa_kernel_library(isa = ...)`: its
sources compile only when the setting includes that ISA, with exactly that ISA's
`-m` flags, and it defines MINT8_BUILT_<ISA> for the dispatcher. No other target
carries `-m` flags.
"""

# Ordered lowest to highest; each ISA implies the ones before it.
ISAS = ["generic", "avx2", "avx512", "avx512_vnni"]

_ISA_COPTS = {
    "generic": [],
    "avx2": ["-mavx2", "-mfma", "-mf16c"],
    "avx512": ["-mavx2", "-mfma", "-mf16c", "-mavx512f", "-mavx512bw", "-mavx512dq", "-mavx512vl"],
    "avx512_vnni": ["-mavx2", "-mfma", "-mf16c", "-mavx512f", "-mavx512bw", "-mavx512dq", "-mavx512vl", "-mavx512vnni"],
}

_SETTINGS = ["dispatch"] + ISAS + ["emulated_avx512"]

# ISAs that the emulated_avx512 setting compiles for AVX2 with SIMDe.
_EMULATED = ["avx512", "avx512_vnni"]

def _isa_setting_impl(ctx):
    if ctx.build_setting_value not in _SETTINGS:
        fail("--//config:isa=%s is not one of %s" % (ctx.build_setting_value, _SETTINGS))
    return []

isa_setting = rule(
    implementation = _isa_setting_impl,
    build_setting = config.string(flag = True),
)

def isa_config_settings():
    """One config_setting per value of //config:isa, named isa_<value>."""
    for value in _SETTINGS:
        native.config_setting(
            name = "isa_" + value,
            flag_values = {":isa": value},
        )

def _settings_that_build(isa):
    """The //config:isa values under which a kernel for `isa` is compiled."""
    index = ISAS.index(isa)
    return ["dispatch", "emulated_avx512"] + ISAS[index:]

def isa_copts(isa):
    """The compiler flags for code written for `isa` (and only that code)."""
    if isa not in _ISA_COPTS:
        fail("unknown ISA '%s'; expected one of %s" % (isa, ISAS))
    return _ISA_COPTS[isa]

def isa_select(isa, if_built, otherwise = [], emulated = True):
    """`if_built` when the current setting compiles `isa` kernels, else `otherwise`.

    With emulated = False, emulated_avx512 does not compile AVX-512 ones.
    """
    settings = _settings_that_build(isa)
    if not emulated and isa in _EMULATED:
        settings = [s for s in settings if s != "emulated_avx512"]
    branches = {"//config:isa_" + s: if_built for s in settings}
    branches["//conditions:default"] = otherwise
    return select(branches)

def isa_built_defines():
    """MINT8_BUILT_<ISA> for every ISA the current setting compiles."""
    return select({
        "//config:isa_" + setting: [
            "MINT8_BUILT_" + isa.upper()
            for isa in ISAS[1:]
            if setting in _settings_that_build(isa)
        ] + (["MINT8_EMULATED_AVX512"] if setting == "emulated_avx512" else [])
        for setting in _SETTINGS
    })

def _kernel_copts(isa, emulated):
    """The copts of `isa`'s kernel sources under each setting that builds them."""
    branches = {"//config:isa_" + s: isa_copts(isa) for s in _settings_that_build(isa)}
    if isa in _EMULATED:
        branches.pop("//config:isa_emulated_avx512")
        if emulated:
            # -Wno-psabi: SIMDe's 64-byte vectors are passed by value, which
            # gcc reports as an ABI change without AVX-512.
            branches["//config:isa_emulated_avx512"] = (isa_copts("avx2") +
                                                        ["-DMINT8_EMULATED_AVX512", "-Wno-psabi"])
    branches["//conditions:default"] = []
    return select(branches)

def isa_kernel_library(name, isa, srcs, hdrs = [], deps = [], copts = [], emulated = True, **kwargs):
    """A cc_library holding one ISA's variant of a kernel.

    Under settings that exclude `isa` the library is empty; MINT8_BUILT_<ISA> is
    defined for dependents exactly when it is not. emulated = False keeps an
    AVX-512 variant out of emulated_avx512 (code that measures the hardware,
    or that is not written with intrinsics).
    """
    native.cc_library(
        name = name,
        srcs = isa_select(isa, srcs, emulated = emulated),
        hdrs = hdrs,
        deps = deps,
        copts = copts + _kernel_copts(isa, emulated),
        defines = isa_select(isa, ["MINT8_BUILT_" + isa.upper()], emulated = emulated),
        **kwargs
    )
