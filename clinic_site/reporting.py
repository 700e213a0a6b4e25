"""Keeping patient data out of error reports and logs.

A failure while handling a consultation request must not copy what the patient typed
into a log line or an error e-mail. Django's error reports can include every local
variable of every frame and the POST data; ours include neither. PostgreSQL error
messages can quote a whole row ("Failing row contains (...)"), so those detail lines are
removed from every logged exception.
"""

import logging
import re

from django.views.debug import SafeExceptionReporterFilter

DATABASE_DETAIL = re.compile(r"^\s*(DETAIL|Failing row contains|Key \().*$", re.MULTILINE)


class PatientSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    def is_active(self, request):
        return True  # filter even when DEBUG is on

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        return []


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
