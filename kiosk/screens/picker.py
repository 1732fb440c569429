"""Pick a supplier: own suppliers first, search by name with the on-screen keyboard, or browse.

The lists scroll kinetically with a finger (``QScroller``). The screen only draws what
the window gives it and asks for data by signals; the window runs the queries.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.backend import Supplier
from kiosk.screens.base import Screen, button, label
from kiosk.theme import Theme
from kiosk.widgets.flow import FlowLayout
from kiosk.widgets.keyboard import OnScreenKeyboard
from kiosk.widgets.tiles import SupplierTile
from shared.domain.suppliers import DepartmentNode


def kinetic(area: QScrollArea) -> None:
    """Finger scrolling with momentum on touch screens."""
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)


class TileGrid(QScrollArea):
    """A scrolling, wrapping grid of supplier tiles."""

    chosen = Signal(object)

    def __init__(self, name: str, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._theme = theme
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(self)
        self._inner = inner
        self._flow = FlowLayout(inner, spacing=theme.px(20))
        self.setWidget(inner)
        kinetic(self)
        self.tiles: dict[str, SupplierTile] = {}

    def set_suppliers(self, suppliers: list[Supplier], language: str) -> None:
        self._flow.clear()
        self.tiles = {}
        inner = self._inner
        for supplier in suppliers:
            tile = SupplierTile(supplier, supplier.name(language), supplier.department(language),
                                supplier.photo, self._theme.scale, inner)
            tile.chosen.connect(self.chosen)
            tile.set_width(self._tile_width())
            self._flow.addWidget(tile)
            tile.show()
            self.tiles[supplier.personnel_no] = tile
        inner.updateGeometry()
        self.verticalScrollBar().setValue(0)

    def _tile_width(self) -> int:
        """Tiles share the row: as many as fit at about 420 px (scaled), stretched to fill."""
        spacing = self._theme.px(20)
        available = max(self.viewport().width(), self._theme.px(420))
        columns = max(1, (available + spacing) // (self._theme.px(420) + spacing))
        return (available - spacing * (columns - 1)) // columns

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        width = self._tile_width()
        for tile in self.tiles.values():
            tile.set_width(width)
        self._flow.invalidate()


class SupplierPicker(Screen):
    screen_name = "supplierPicker"
    own_requested = Signal()
    search_requested = Signal(str)
    departments_requested = Signal()
    department_requested = Signal(int)
    supplier_chosen = Signal(object)
    back_requested = Signal()

    def __init__(self, theme: Theme, search_delay_ms: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._own: list[Supplier] | None = None
        self._found: list[Supplier] | None = None
        self._departments: list[DepartmentNode] | None = None
        self._dept_people: list[Supplier] | None = None
        self._dept_name = ""
        layout = QVBoxLayout(self)
        m = theme.px(48)
        layout.setContentsMargins(m, theme.px(10), m, theme.px(20))
        layout.setSpacing(theme.px(16))
        tabs = QHBoxLayout()
        self.back = button(self, "pickerBack", "quiet")
        self.back.clicked.connect(self.back_requested)
        tabs.addWidget(self.back)
        tabs.addSpacing(theme.px(30))
        self._tab_group = QButtonGroup(self)
        self.tab_own = button(self, "tabOwn", "tab")
        self.tab_search = button(self, "tabSearch", "tab")
        self.tab_departments = button(self, "tabDepartments", "tab")
        for i, tab in enumerate((self.tab_own, self.tab_search, self.tab_departments)):
            tab.setCheckable(True)
            self._tab_group.addButton(tab, i)
            tabs.addWidget(tab)
        tabs.addStretch(1)
        layout.addLayout(tabs)
        self.pages = QStackedWidget(self)
        layout.addWidget(self.pages, 1)
        # Own suppliers
        own_page = QWidget(self)
        own_layout = QVBoxLayout(own_page)
        own_layout.setContentsMargins(0, 0, 0, 0)
        self.own_empty = label(own_page, "dim", "ownEmptyLabel")
        self.own_grid = TileGrid("ownSuppliers", theme, own_page)
        self.own_grid.chosen.connect(self.supplier_chosen)
        own_layout.addWidget(self.own_empty)
        own_layout.addWidget(self.own_grid, 1)
        self.pages.addWidget(own_page)
        # Search
        search_page = QWidget(self)
        search_layout = QVBoxLayout(search_page)
        search_layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(search_page)
        self.search.setObjectName("supplierSearch")
        self.search.setAccessibleName("supplierSearch")
        self.search.setClearButtonEnabled(False)
        self.search_grid = TileGrid("searchResults", theme, search_page)
        self.search_grid.chosen.connect(self.supplier_chosen)
        self.search_hint = label(search_page, "dim", "searchHint")
        self.keyboard = OnScreenKeyboard("ru", search_page)
        self.keyboard.attach(self.search)
        self.keyboard.done.connect(self._run_search_now)
        search_layout.addWidget(self.search)
        search_layout.addWidget(self.search_hint)
        search_layout.addWidget(self.search_grid, 1)
        search_layout.addWidget(self.keyboard)
        self.pages.addWidget(search_page)
        # Departments
        dept_page = QWidget(self)
        dept_layout = QVBoxLayout(dept_page)
        dept_layout.setContentsMargins(0, 0, 0, 0)
        dept_bar = QHBoxLayout()
        self.dept_up = button(dept_page, "departmentsBack", "quiet")
        self.dept_up.clicked.connect(self._show_department_list)
        self.dept_title = label(dept_page, "heading", "departmentTitle")
        dept_bar.addWidget(self.dept_up)
        dept_bar.addWidget(self.dept_title, 1)
        dept_layout.addLayout(dept_bar)
        self.dept_list = QScrollArea(dept_page)
        self.dept_list.setObjectName("departmentList")
        self.dept_list.setWidgetResizable(True)
        dept_inner = QWidget(self.dept_list)
        self._dept_inner = dept_inner
        self._dept_flow = FlowLayout(dept_inner, spacing=theme.px(16))
        self.dept_list.setWidget(dept_inner)
        kinetic(self.dept_list)
        self.dept_grid = TileGrid("departmentSuppliers", theme, dept_page)
        self.dept_grid.chosen.connect(self.supplier_chosen)
        dept_layout.addWidget(self.dept_list, 1)
        dept_layout.addWidget(self.dept_grid, 1)
        self.pages.addWidget(dept_page)

        self._tab_group.idClicked.connect(self.show_tab)
        self._search_timer = QTimer(self)
        self._search_timer.setObjectName("supplierSearchDelay")
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(search_delay_ms)
        self._search_timer.timeout.connect(self._run_search_now)
        self.search.textChanged.connect(self._text_changed)
        self.retranslate()

    # --- navigation -------------------------------------------------------------

    def reset(self, language: str) -> None:
        self.language = language
        self._own = self._found = self._departments = self._dept_people = None
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.search_grid.set_suppliers([], language)
        self.keyboard.set_layout("en" if language == "en" else "ru")
        self.show_tab(0)

    def show_tab(self, index: int) -> None:
        self._tab_group.button(index).setChecked(True)
        self.pages.setCurrentIndex(index)
        if index == 0 and self._own is None:
            self.own_requested.emit()
        elif index == 1:
            self.search.setFocus()
        elif index == 2:
            self._show_department_list()
        self.retranslate()

    def _text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _run_search_now(self) -> None:
        self._search_timer.stop()
        text = self.search.text().strip()
        if len(text) >= 2:
            self.search_requested.emit(text)
        else:
            self._found = None
            self.search_grid.set_suppliers([], self.language)
            self.retranslate()

    def _show_department_list(self) -> None:
        self._dept_people = None
        self.dept_grid.hide()
        self.dept_list.show()
        self.dept_up.hide()
        if self._departments is None:
            self.departments_requested.emit()
        self.retranslate()

    # --- data from the window -----------------------------------------------------

    def show_own(self, suppliers: list[Supplier]) -> None:
        self._own = suppliers
        self.own_grid.set_suppliers(suppliers, self.language)
        self.retranslate()

    def show_search(self, text: str, suppliers: list[Supplier]) -> None:
        if text != self.search.text().strip():
            return  # an answer to an older query
        self._found = suppliers
        self.search_grid.set_suppliers(suppliers, self.language)
        self.retranslate()

    def show_departments(self, roots: list[DepartmentNode]) -> None:
        self._departments = roots
        self._dept_flow.clear()
        inner = self._dept_inner

        def add(node: DepartmentNode, depth: int) -> None:
            name = (node.name_en or node.name) if self.language == "en" else node.name
            if node.n_employees:
                b = button(inner, f"department-{node.id}")
                b.setText(f"{name}  ({node.n_employees})")
                b.clicked.connect(lambda _=False, n=node, t=name: self._open_department(n.id, t))
                self._dept_flow.addWidget(b)
                b.show()
            for child in node.children:
                add(child, depth + 1)

        for root in roots:
            add(root, 0)
        inner.updateGeometry()

    def _open_department(self, department_id: int, name: str) -> None:
        self._dept_name = name
        self.department_requested.emit(department_id)

    def show_department(self, suppliers: list[Supplier]) -> None:
        self._dept_people = suppliers
        self.dept_grid.set_suppliers(suppliers, self.language)
        self.dept_list.hide()
        self.dept_grid.show()
        self.dept_up.show()
        self.retranslate()

    def retranslate(self) -> None:
        self.back.setText(self.tr("‹ Back"))
        self.tab_own.setText(self.tr("My suppliers"))
        self.tab_search.setText(self.tr("Search by name"))
        self.tab_departments.setText(self.tr("By department"))
        self.search.setPlaceholderText(self.tr("Type a name…"))
        self.dept_up.setText(self.tr("‹ Departments"))
        if self._dept_people is not None:
            self.dept_title.setText(self._dept_name)
        else:
            self.dept_title.setText(self.tr("Choose a department"))
        if self._own is None:
            self.own_empty.setText(self.tr("Loading…"))
            self.own_empty.show()
        elif not self._own:
            self.own_empty.setText(self.tr("You have no own suppliers yet: search by name or "
                                           "browse by department."))
            self.own_empty.show()
        else:
            self.own_empty.hide()
        if len(self.search.text().strip()) < 2:
            self.search_hint.setText(self.tr("Type at least two letters of the name."))
        elif self._found is not None and not self._found:
            self.search_hint.setText(self.tr("Nobody found. Check the spelling or try the "
                                             "other keyboard layout."))
        else:
            self.search_hint.setText("")
