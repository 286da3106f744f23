"""Rendering pages: the templates, each role's navigation, error pages, CSV downloads."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from casefolio.web.security import audit, is_api, principal_of

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
NAV = {  # role -> the pages in its navigation bar
    "manager": [("/search", "Search"), ("/review", "Review"), ("/calendar", "Calendar"),
                ("/packets", "Packets"), ("/quarantine", "Quarantine"), ("/users", "Users"),
                ("/audit", "Audit log")],
    "clerk": [("/search", "Search"), ("/review", "Review"), ("/calendar", "Calendar"),
              ("/packets", "Packets"), ("/quarantine", "Quarantine")],
    "officer": [("/officer", "My court packets")],
    "auditor": [("/audit", "Audit log")],
}
HOME = {"manager": "/search", "clerk": "/search", "officer": "/officer", "auditor": "/audit"}


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page, with the signed-in user, their navigation and the form token."""
    who = principal_of(request)
    context.update(
        me=who, nav=NAV.get(who.role, []) if who else [],
        csrf=who.session.csrf if who and who.session else "",
        notice=request.app.state.services.settings.web.system_use_notice,
        path=request.url.path)
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)


def error_page(request: Request, status_code: int, title: str, message: str) -> Response:
    if is_api(request):
        return JSONResponse({"detail": message}, status_code=status_code)
    return render(request, "error.html", status_code, title=title, message=message)




def csv_response(request: Request, name: str, header: Sequence[str],
                 rows: Iterable[Sequence[Any]]) -> Response:
    """A list as a CSV download (audited as an export: which list, how many rows)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
        count += 1
    audit(request, "export.csv", name, rows=count,
          query={k: v for k, v in request.query_params.items() if k != "csrf"})
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
