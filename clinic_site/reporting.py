"""Keeping patient data out of error reports and logs.

A failure while handling a request must not copy anything personal into a log line or
an error e-mail. Django's error reports can include every local variable of every frame,
the form values, the query string (search words on this site can be health information),
cookies and every request header, client addresses included. Ours keep the names of
form fields, parameters and cookies but none of their values, show the address without
its query string, keep only a few plain request headers, and no local variables.
PostgreSQL error messages can quote a whole row ("Failing row contains (...)"), so those
detail lines are removed from every logged exception.

Django's own log line for a failing request ("Internal Server Error: /search/") names
the path alone, never the query string, and so does the e-mail's subject.
"""

import logging
import re

from django.core.exceptions import DisallowedHost
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

DATABASE_DETAIL = re.compile(r"^\s*(DETAIL|Failing row contains|Key \().*$", re.MULTILINE)

# Request headers and server variables shown as they are: enough to see what kind of
# request failed. Every other one (the query string, cookies, the referring address, the
# client's address in REMOTE_ADDR, X-Forwarded-For, X-Real-IP, Forwarded, ...) is listed
# with its value hidden.
PLAIN_REQUEST_META = {
    "CONTENT_LENGTH",
    "CONTENT_TYPE",
    "HTTP_ACCEPT",
    "HTTP_ACCEPT_ENCODING",
    "HTTP_ACCEPT_LANGUAGE",
    "HTTP_HOST",
    "HTTP_USER_AGENT",
    "HTTP_X_FORWARDED_PROTO",
    "PATH_INFO",
    "REQUEST_METHOD",
    "SCRIPT_NAME",
    "SERVER_NAME",
    "SERVER_PORT",
    "SERVER_PROTOCOL",
    "SERVER_SOFTWARE",
    "wsgi.url_scheme",
}
QUERY_REMOVED = "[query string removed]"


class PatientSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    def is_active(self, request):
        return True  # filter even when DEBUG is on

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        return []

    def get_safe_request_meta(self, request):
        if not hasattr(request, "META"):
            return {}
        return {
            key: value if key in PLAIN_REQUEST_META else self.cleansed_substitute
            for key, value in request.META.items()
        }

    def get_safe_cookies(self, request):
        if not hasattr(request, "COOKIES"):
            return {}
        return dict.fromkeys(request.COOKIES, self.cleansed_substitute)


class PatientSafeExceptionReporter(ExceptionReporter):
    """Django's error report without query parameters, uploaded file names, or the query
    string in the request's address. The filter above does the rest."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None:
            hidden = self.filter.cleansed_substitute
            # Parameter names can be made up too (/?someone@example.com), so none is shown.
            data["request_GET_items"] = (
                [(QUERY_REMOVED, f"{len(self.request.GET)} parameter(s)")]
                if self.request.GET
                else []
            )
            data["request_FILES_items"] = [(name, hidden) for name in self.request.FILES]
            data["request_insecure_uri"] = address_without_query(self.request)
        return data


def address_without_query(request):
    try:
        address = request.build_absolute_uri(request.path)
    except DisallowedHost:  # the failure being reported may be this very one
        address = request.path
    if request.META.get("QUERY_STRING"):
        address += f"?{QUERY_REMOVED}"
    return address


def _redact(text):
    return DATABASE_DETAIL.sub("[database detail removed]", text)


def _chain(error):
    while error is not None:
        yield error
        error = error.__cause__ or error.__context__


def _redacted_copy(error):
    """The same kind of error with detail lines removed, and without its chained causes
    (which repeat them)."""
    message = _redact(str(error))
    try:
        copy = type(error)(message)
    except Exception:
        copy = Exception(message)
    copy.__suppress_context__ = True
    return copy


class RedactDatabaseDetails(logging.Filter):
    """Remove database detail lines, which may quote patient data, from logged errors."""

    def filter(self, record):
        if record.exc_info and record.exc_info[1] is not None:
            error_type, error, trace = record.exc_info
            if any(DATABASE_DETAIL.search(str(e)) for e in _chain(error)):
                record.exc_info = (error_type, _redacted_copy(error), trace)
                record.exc_text = None
        return True


class NotTheHealthCheck(logging.Filter):
    """A load balancer asks /healthz every few seconds: while the database is down each
    answer is a 503, and each would otherwise e-mail the administrators."""

    def filter(self, record):
        request = getattr(record, "request", None)
        return getattr(request, "path", None) != "/healthz"
