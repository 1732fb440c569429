"""What both PyInstaller specs share: data files, hidden imports and the Qt modules we leave out."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Qt modules neither app uses. PySide6-Essentials has no WebEngine/3D/Multimedia, but a
# developer machine may have the full PySide6 (Addons); excluding them keeps the build the
# same size everywhere. QtQml/QtQuick: both apps are QtWidgets only.
QT_EXCLUDES = [
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtQuickControls2",
    "PySide6.QtQuickTest", "PySide6.QtQuick3D", "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick", "PySide6.QtWebChannel",
    "PySide6.QtWebSockets", "PySide6.QtWebView", "PySide6.Qt3DCore", "PySide6.Qt3DRender",
    "PySide6.Qt3DInput", "PySide6.Qt3DLogic", "PySide6.Qt3DAnimation", "PySide6.Qt3DExtras",
    "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", "PySide6.QtSpatialAudio",
    "PySide6.QtCharts", "PySide6.QtDataVisualization", "PySide6.QtGraphs",
    "PySide6.QtBluetooth", "PySide6.QtNfc", "PySide6.QtPositioning", "PySide6.QtLocation",
    "PySide6.QtSensors", "PySide6.QtSerialBus", "PySide6.QtRemoteObjects", "PySide6.QtScxml",
    "PySide6.QtStateMachine", "PySide6.QtTextToSpeech", "PySide6.QtPdf", "PySide6.QtPdfWidgets",
    "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtUiTools",
    "PySide6.QtSql", "PySide6.QtXml", "PySide6.QtConcurrent", "PySide6.QtHttpServer",
    "PySide6.QtNetworkAuth", "PySide6.QtAxContainer",
    # Not QtOpenGL: pyqtgraph's PlotCurveItem imports it (the frozen self-test caught that).
    # Not QtTest here: the kiosk's self-test types a badge with it (the wallboard spec
    # leaves it out).
]

# Python packages that sneak in through optional imports and that no app needs at run time.
PY_EXCLUDES = [
    "tkinter", "_tkinter", "matplotlib", "IPython", "jupyter_client", "ipykernel", "pytest",
    "_pytest", "hypothesis", "mypy", "ruff", "PyInstaller", "setuptools", "pip",
    "pyqtgraph.opengl", "pyqtgraph.examples", "pyqtgraph.jupyter", "pyqtgraph.canvas",
    "OpenGL", "scipy", "pandas", "PyQt5", "PyQt6", "PySide2", "sphinx", "docutils",
    "cupy", "numba", "h5py", "colorcet", "metaarray",
]

# Imported by name at run time (dialects by URL, Alembic by its script directory,
# migrations' env.py by file), so PyInstaller's import scan cannot see them.
HIDDEN_IMPORTS = [
    "psycopg", "psycopg_binary", "psycopg.pq", "psycopg._encodings",
    "sqlalchemy.dialects.postgresql.psycopg", "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.sqlite.pysqlite", "sqlalchemy.sql.default_comparator",
    "sqlalchemy.ext.baked", "alembic", "alembic.command", "alembic.config",
    "alembic.runtime.migration", "alembic.runtime.environment", "alembic.script",
    "alembic.operations", "alembic.operations.toimpl", "alembic.ddl.sqlite",
    "alembic.ddl.postgresql", "alembic.ddl.impl", "alembic.autogenerate", "mako.template",
    "shared.db.models", "shared.db.migrate", "logging.config",
]

# pyqtgraph loads its item templates and exporters by name.
PYQTGRAPH_IMPORTS = [
    "pyqtgraph.graphicsItems.ViewBox.axisCtrlTemplate_generic",
    "pyqtgraph.graphicsItems.PlotItem.plotConfigTemplate_generic",
    "pyqtgraph.imageview.ImageViewTemplate_generic",
    "pyqtgraph.GraphicsScene.exportDialogTemplate_generic",
    "pyqtgraph.exporters", "pyqtgraph.exporters.ImageExporter",
    "pyqtgraph.exporters.SVGExporter", "pyqtgraph.functions_qimage",
]


def installed(*modules: str) -> list[str]:
    """The given modules, if their top-level package is installed (optional extras)."""
    import importlib.util
    return [m for m in modules if importlib.util.find_spec(m.split(".")[0]) is not None]


def datas() -> list[tuple[str, str]]:
    """(source, folder in the bundle) pairs: assets, the roles SQL, the Alembic migrations."""
    pairs: list[tuple[str, str]] = []
    assets = ROOT / "assets"
    for path in sorted(assets.rglob("*")):
        if path.is_file() and path.suffix != ".ts" and "__pycache__" not in path.parts:
            pairs.append((str(path), str(path.parent.relative_to(ROOT))))
    qm = list((assets / "i18n").glob("*.qm"))
    if not qm:
        raise SystemExit("no compiled catalogs in assets/i18n: run `python scripts/i18n.py "
                         "release` (packaging/build.py does)")
    # `pulse db grant` reads the role definitions at run time.
    pairs.append((str(ROOT / "packaging" / "postgres" / "roles.sql"), "packaging/postgres"))
    migrations = ROOT / "shared" / "db" / "migrations"
    for path in sorted(migrations.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".mako") and "__pycache__" not in path.parts:
            pairs.append((str(path), str(path.parent.relative_to(ROOT))))
    # pytrovich (names in Russian cases, shared/names.py) reads its rule files at run time.
    import pytrovich
    rules = Path(pytrovich.__file__).resolve().parent / "petrovich-rules"
    for path in sorted(rules.glob("*.json")):
        pairs.append((str(path), "pytrovich/petrovich-rules"))
    return pairs


def shared_modules() -> list[str]:
    """Every module of shared/ (the CLI finds its ``cmd_*`` modules by name at run time)."""
    names = []
    for path in sorted((ROOT / "shared").rglob("*.py")):
        if "migrations" in path.parts or "__pycache__" in path.parts:
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def qt_translations() -> list[tuple[str, str]]:
    """Qt's own qtbase catalogs for our languages, where the frozen QLibraryInfo finds them."""
    import PySide6
    from PySide6.QtCore import QLibraryInfo
    source = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    bundle_dir = Path(PySide6.__file__).parent
    target = source.relative_to(bundle_dir.parent) if source.is_relative_to(bundle_dir.parent) \
        else Path("PySide6/Qt/translations")
    return [(str(source / f"qtbase_{lang}.qm"), str(target)) for lang in ("ru", "en")
            if (source / f"qtbase_{lang}.qm").exists()]


def _unwanted(dest: str) -> bool:
    path = dest.replace("\\", "/")
    if "/Qt/translations/" in path or path.startswith("PySide6/translations/"):
        name = path.rsplit("/", 1)[-1]
        return not (name.endswith("_ru.qm") or name.endswith("_en.qm"))
    # The GTK platform theme drags in GTK (absent on a kiosk); Qt falls back to its own.
    return "/plugins/platformthemes/libqgtk3" in path


def trim(analysis: object) -> None:
    """Drop Qt catalogs of languages we do not ship and the GTK theme plugin."""
    for attr in ("datas", "binaries"):
        toc = getattr(analysis, attr)
        setattr(analysis, attr, [entry for entry in toc if not _unwanted(entry[0])])
