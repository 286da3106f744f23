"""The records archive people sign in to: web pages and the REST API (casefolio/web/app.py)."""

from casefolio.web.app import check_exposure, create_app, is_loopback

__all__ = ["check_exposure", "create_app", "is_loopback"]
