"""The one Qt corner of shared/: fonts, theme and painting used by both apps and the CLI.

Importing it protects None/True/False from the PySide6 6.12 reference leak on Python 3.11
(see shared/qt/refcount.py): the wallboard lost about 280 references of None per slide
change and aborted after ~150 changes; the poster command and the test sessions aborted at
exit. Doing it on import covers every Qt user of shared/ (apps, CLI, tests, benchmarks).
"""

from __future__ import annotations

from shared.qt.refcount import make_singletons_immortal

make_singletons_immortal()
