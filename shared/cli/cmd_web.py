"""``pulse web link``: a single-use sign-in link to the personal web page, for one employee.

For admins and tests; people get theirs as a QR code on the kiosk or in their messenger.
"""

from __future__ import annotations

from sqlalchemy import select

from shared.cli import CommandLine, Context, UserError
from shared.db.models import Employee
from shared.domain.web_sign_in import SignInRefused, issue_link, link_url


def cmd_link(ctx: Context) -> int:
    number = ctx.args.employee.strip()
    with ctx.database().write() as s:
        employee_id = s.scalar(select(Employee.id).where(Employee.personnel_no == number))
        if employee_id is None:
            raise UserError(f"no employee with personnel number {number}")
        try:
            link = issue_link(s, ctx.config, employee_id=employee_id, issued_by=ctx.actor)
        except SignInRefused:
            raise UserError(f"employee {number} is not active: no sign-in link") from None
    print(link_url(ctx.config, link.token))
    return 0


def register(cli: CommandLine) -> None:
    web = cli.group("web", "The personal web page (pulse-web).")
    sub = cli.command("link", cmd_link, "Print a single-use sign-in link for an employee "
                      "(valid web.link_minutes).", parent=web)
    sub.add_argument("--employee", required=True, metavar="PERSONNEL_NO",
                     help="the employee's personnel number")
