"""The target CPU ISA setting and the helpers per-ISA kernel targets use.

`--//config:isa` names the *highest* ISA compiled into mint8's per-ISA kernels.
There is no AMX level: mint8 has no AMX kernels, and oneDNN (a Debian library
built for every ISA) uses AMX tiles by itself on CPUs that have them.
  dispatch (default)  every variant is compiled; the runtime picks from CPUID
  generic             portable C++ only
  avx2 | avx512 | avx512_vnni
                      every variant up to and including that ISA

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

_SETTINGS = ["dispatch"] + ISAS

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
    return ["dispatch"] + ISAS[index:]

def isa_copts(isa):
    """The compiler flags for code written for `isa` (and only that code)."""
    if isa not in _ISA_COPTS:
        fail("unknown ISA '%s'; expected one of %s" % (isa, ISAS))
    return _ISA_COPTS[isa]

def isa_select(isa, if_built, otherwise = []):
    """`if_built` when the current setting compiles `isa` kernels, else `otherwise`."""
    branches = {"//config:isa_" + s: if_built for s in _settings_that_build(isa)}
    branches["//conditions:default"] = otherwise
    return select(branches)

def isa_built_defines():
    """MINT8_BUILT_<ISA> for every ISA the current setting compiles."""
    return select({
        "//config:isa_" + setting: [
            "MINT8_BUILT_" + isa.upper()
            for isa in ISAS[1:]
            if setting in _settings_that_build(isa)
        ]
        for setting in _SETTINGS
    })

def isa_kernel_library(name, isa, srcs, hdrs = [], deps = [], copts = [], **kwargs):
    """A cc_library holding one ISA's variant of a kernel.

    Under settings that exclude `isa` the library is empty; MINT8_BUILT_<ISA> is
    defined for dependents exactly when it is not.
    """
    native.cc_library(
        name = name,
        srcs = isa_select(isa, srcs),
        hdrs = hdrs,
        deps = deps,
        copts = copts + isa_select(isa, isa_copts(isa)),
        defines = isa_select(isa, ["MINT8_BUILT_" + isa.upper()]),
        **kwargs
    )
