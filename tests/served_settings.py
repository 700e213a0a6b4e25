"""The production settings, as the servers that tests/test_real_faults.py starts use them.

One difference: static files are referred to by their plain names, so the server needs no
`collectstatic` (which compresses every file and takes half a minute). Nothing the test
looks at depends on static files.
"""

from clinic_site.settings import *  # noqa: F403
from clinic_site.settings import STORAGES

STORAGES = STORAGES | {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
}
