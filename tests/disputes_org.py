"""A small plant for the dispute and points tests: a tree of departments, managers and an admin."""

from __future__ import annotations

from dataclasses import dataclass

from shared.db import Database
from shared.db.models import Department, Employee, Regulation


@dataclass
class Org:
    plant: int  # department ids
    shop: int
    store: int
    director: int  # employee ids
    boss: int  # head of the shop, reports to the director
    ivan: int  # shop workers
    petr: int
    olga: int  # warehouse worker, reports to the director
    admin: int
    reg: int  # regulation ids
    reg2: int
    inactive_reg: int


def build_org(db: Database, *, with_admin: bool = True) -> Org:
    with db.write() as s:
        plant = Department(name="Завод")
        s.add(plant)
        s.flush()
        shop = Department(name="Цех №1", parent_id=plant.id)
        store = Department(name="Склад", parent_id=plant.id)
        s.add_all([shop, store])
        s.flush()
        director = Employee(personnel_no="100", full_name="Директор Дмитрий", role="manager",
                            department_id=plant.id)
        s.add(director)
        s.flush()
        plant.head_id = director.id
        boss = Employee(personnel_no="200", full_name="Начальник Борис", role="manager",
                        department_id=shop.id, manager_id=director.id)
        s.add(boss)
        s.flush()
        shop.head_id = boss.id
        ivan = Employee(personnel_no="301", full_name="Иванов Иван", department_id=shop.id,
                        manager_id=boss.id)
        petr = Employee(personnel_no="302", full_name="Петров Пётр", department_id=shop.id,
                        manager_id=boss.id)
        olga = Employee(personnel_no="401", full_name="Ольга Смирнова", department_id=store.id,
                        manager_id=director.id)
        admin = Employee(personnel_no="900", full_name="Админ Анна", role="admin",
                         department_id=plant.id, active=with_admin)
        s.add_all([ivan, petr, olga, admin])
        reg = Regulation(code="РГ-014", title="Выдача инструмента за 15 минут", active=True)
        reg2 = Regulation(code="РГ-022", title="Закрытие заявки ИТ", active=True)
        old = Regulation(code="РГ-040", title="Передача смены", active=False)
        s.add_all([reg, reg2, old])
        s.flush()
        return Org(plant.id, shop.id, store.id, director.id, boss.id, ivan.id, petr.id, olga.id,
                   admin.id, reg.id, reg2.id, old.id)
