"""Featured images: checked on upload, stripped of metadata, and resized once.

An upload must be a JPEG, PNG or WebP file of at most 10 MB and a bounded number of
pixels (so a small file that unpacks into a huge picture is refused). It is re-encoded
without its metadata, so camera details and GPS location never reach the site. When the
image is approved, ``make_renditions`` writes a few widths (none wider than the original)
in WebP and in JPEG, or PNG for a PNG or a picture with transparency; pages then pick a
size with ``srcset`` and never resize anything per request.
"""

import warnings
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
# Phones often save JPEGs with extra pictures inside (MPO); the main picture is a JPEG.
SAME_AS = {"MPO": "JPEG"}
RENDITION_WIDTHS = [480, 800, 1200]


def _open(file):
    """Open an image, turning Pillow's own bomb and format errors into ours."""
    file.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(file)
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(
                "This picture has too many pixels. Please use a smaller version "
                f"(at most {settings.IMAGE_MAX_PIXELS // 1_000_000} megapixels).",
                code="too_many_pixels",
            ) from None
        except (OSError, SyntaxError, ValueError):
            raise ValidationError(
                "This file is not a picture we can read. Upload a JPEG, PNG or WebP image.",
                code="unreadable",
            ) from None
    return image


def check_and_clean(upload):
    """Return a copy of an uploaded image without metadata, or raise ValidationError."""
    if upload.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            f"This file is too large. Images can be at most "
            f"{settings.IMAGE_MAX_BYTES // (1024 * 1024)} MB.",
            code="too_large",
        )
    upload.seek(0)
    header = Image.open(upload)
    if SAME_AS.get(header.format, header.format) not in FORMATS:
        raise ValidationError("Upload a JPEG, PNG or WebP image.", code="wrong_type")
    if max(header.width, header.height) > settings.IMAGE_MAX_SIDE:
        raise ValidationError(
            f"This picture is too wide or too tall. Each side can be at most "
            f"{settings.IMAGE_MAX_SIDE:,} pixels.",
            code="too_long_a_side",
        )
    if header.width * header.height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            "This picture has too many pixels. Please use a smaller version "
            f"(at most {settings.IMAGE_MAX_PIXELS // 1_000_000} megapixels).",
            code="too_many_pixels",
        )
    image = _open(upload)
    image_format = SAME_AS.get(image.format, image.format)
    # Turn the picture the way the camera meant before its orientation tag is dropped.
    image = ImageOps.exif_transpose(image)
    buffer = BytesIO()
    save_options = {"quality": 88} if image_format in ("JPEG", "WEBP") else {"optimize": True}
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # Saving without exif=, icc_profile= or pnginfo= writes no metadata at all.
    image.save(buffer, image_format, **save_options)
    extension = FORMATS[image_format][0]
    name = f"{PurePosixPath(upload.name).stem[:80] or 'image'}.{extension}"
    return ContentFile(buffer.getvalue(), name=name)


def delete_renditions(renditions):
    """Delete the resized copies listed in an article's ``image_renditions``."""
    for _, name in renditions.get("webp", []) + renditions.get("fallback", []):
        default_storage.delete(name)


def make_renditions(article):
    """Write the article's featured image in each width (WebP and a fallback) and record
    them on the article, deleting the copies of the picture it replaces. Called once when
    a picture is approved, never while serving a page."""
    delete_renditions(article.image_renditions or {})
    if not article.featured_image:
        renditions = {}
    else:
        with article.featured_image.open("rb") as file:
            original = _open(file)
        has_alpha = original.mode in ("RGBA", "LA", "P")
        fallback_format = "PNG" if original.format == "PNG" or has_alpha else "JPEG"
        stem = PurePosixPath(article.featured_image.name).stem
        folder = f"articles/renditions/{article.pk}"
        widths = [w for w in RENDITION_WIDTHS if w < original.width] + [
            min(original.width, RENDITION_WIDTHS[-1])
        ]
        renditions = {
            "source": article.featured_image.name,
            "width": original.width,
            "height": original.height,
            "fallback_type": FORMATS[fallback_format][1],
            "webp": [],
            "fallback": [],
        }
        for width in sorted(set(widths)):
            height = max(1, round(original.height * width / original.width))
            resized = original.resize((width, height), Image.LANCZOS)
            for key, image_format in [("webp", "WEBP"), ("fallback", fallback_format)]:
                image = resized
                if image_format == "JPEG" and image.mode != "RGB":
                    image = image.convert("RGB")
                buffer = BytesIO()
                image.save(buffer, image_format, quality=82)
                name = f"{folder}/{stem}-{width}.{FORMATS[image_format][0]}"
                if default_storage.exists(name):
                    default_storage.delete(name)
                saved = default_storage.save(name, ContentFile(buffer.getvalue()))
                renditions[key].append([width, saved])
    type(article).objects.filter(pk=article.pk).update(image_renditions=renditions)
    article.image_renditions = renditions
    return renditions


def image_sources(article):
    """What a template needs for a responsive <picture>, or None without an image."""
    if not article.featured_image:
        return None
    # A working copy (previewed by staff) has no resized copies: they are made on approval.
    renditions = getattr(article, "image_renditions", None)
    if not renditions:
        return {"src": article.featured_image.url, "width": None, "height": None}

    def srcset(entries):
        return ", ".join(f"{default_storage.url(name)} {width}w" for width, name in entries)

    largest = renditions["fallback"][-1]
    return {
        "src": default_storage.url(largest[1]),
        "srcset": srcset(renditions["fallback"]),
        "webp_srcset": srcset(renditions["webp"]),
        "type": renditions["fallback_type"],
        "width": renditions["width"],
        "height": renditions["height"],
    }


def delete_if_unused(name):
    """Delete an uploaded picture that no article, working copy or saved version (which
    a revert may need) refers to any more."""
    if not name:
        return False
    from .models import Article, ArticleDraft

    holders = [Article, ArticleDraft, Article.history.model, ArticleDraft.history.model]
    if any(model.objects.filter(featured_image=name).exists() for model in holders):
        return False
    default_storage.delete(name)
    return True
