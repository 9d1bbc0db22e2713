"""`helpkit doctor`: what this machine renders with, and what is missing."""

from __future__ import annotations

import platform
from dataclasses import dataclass

from generator.content.model import Content
from generator.fonts import font_file, fonts_for, gaps


@dataclass(frozen=True)
class Finding:
    name: str
    value: str
    ok: bool


def diagnose(content: Content | None) -> list[Finding]:
    findings = [Finding("Python", platform.python_version(), True)]
    try:
        import weasyprint
        from weasyprint.text.ffi import harfbuzz, harfbuzz_subset, pango
    except (ImportError, OSError) as exc:
        findings.append(Finding("WeasyPrint", f"cannot load: {exc}", False))
        return findings
    findings.append(Finding("WeasyPrint", weasyprint.__version__, True))
    v = int(pango.pango_version())  # encoded as major*10000 + minor*100 + micro
    findings.append(Finding("Pango", f"{v // 10000}.{v // 100 % 100}.{v % 100}", v >= 14400))
    fast = harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))
    findings.append(
        Finding(
            "Font subsetting",
            "HarfBuzz (fast)"
            if fast
            else "fontTools (slow: a Chinese card takes seconds); install libharfbuzz-subset0",
            fast,
        )
    )
    if content is not None:
        for lang in content.languages.values():
            findings.append(_coverage(content, lang.code, lang.script))
    return findings


def _coverage(content: Content, code: str, script: str) -> Finding:
    """Which font prints the language, and whether it covers every string of its catalog."""
    from generator.render.context import Translator

    fonts = fonts_for(script)
    path = font_file(fonts.families[0])
    name = f"Font for {code} ({script})"
    if path is None:
        return Finding(name, f"{fonts.families[0]} not installed: install {fonts.package}", False)
    tr = Translator(content, code, allow_incomplete=True)
    missing, _ = gaps(script, [tr(t) for t in content.texts()])
    if missing:
        return Finding(name, f"{path}: does not cover {missing!r}", False)
    return Finding(name, f"{path}, covers every string", True)
