"""How a request body and a browser session reach the API, answered in the user's language.

Kept apart from portal.api: DRF imports these classes while its own views module loads (settings
DEFAULT_AUTHENTICATION_CLASSES / DEFAULT_PARSER_CLASSES), so this module must not import rest_framework.views.
"""

import json

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, parsers


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, answering in Chinese: a body that is not JSON, or nests deeper than Python can read (a
    ``[[[…]]]`` of thousands of levels, which would otherwise be a 500), is a 400 with a message the caller can
    act on. The one parser of every JSON endpoint, the token sign-in included."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", "utf-8")
        try:
            text = stream.read().decode(encoding)
            return json.loads(text, parse_constant=self._refuse_constant)
        except RecursionError:
            raise exceptions.ParseError(_("The request body nests too deeply to be read.")) from None
        except json.JSONDecodeError as exc:
            raise exceptions.ParseError(
                _("The request body is not valid JSON (line %(line)s, column %(column)s).")
                % {"line": exc.lineno, "column": exc.colno}
            ) from None
        except (ValueError, UnicodeDecodeError):
            raise exceptions.ParseError(_("The request body is not valid JSON.")) from None

    @staticmethod
    def _refuse_constant(name):
        raise ValueError(name)  # NaN and Infinity are not JSON


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, with its CSRF refusal in the user's language (DRF's own is English)."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise exceptions.PermissionDenied(
                _("The security check of this request failed (CSRF). Reload the page and try again.")
            ) from None
