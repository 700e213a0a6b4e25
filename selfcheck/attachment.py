"""Sending a self-check result with a consultation request, when the patient chooses to.

The result page carries the result in a signed hidden field; the consultation form
carries it on until the request is sent, and only then is it stored (with the request).
The signature proves the site made it, the time limit stops an old page from attaching
answers much later, and nothing is kept on the server in between.
"""

from datetime import timedelta

from django.core import signing

from .instruments import Result

SALT = "selfcheck.attachment"
MAX_AGE = timedelta(hours=2)
# The field that carries the signed result, and the one that says "open the consultation
# form with this result attached" rather than "here is a request".
FIELD = "self_check"
OPEN_FIELD = "attach_self_check"


def sign(result):
    return signing.dumps(result.as_record(), salt=SALT, compress=True)


def read(token):
    """The result in ``token``, or None if it is forged, damaged or too old."""
    try:
        record = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # expired tokens included
        return None
    return Result.from_record(record) if isinstance(record, dict) else None
