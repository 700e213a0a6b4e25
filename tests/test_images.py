from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from content import review
from content.models import ArticleDraft

from .factories import article_admin_form, make_article
from .html import parse

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
MAKE, MODEL = 0x010F, 0x0110


def image_file(name="photo.jpg", image_format="JPEG", size=(1600, 900), mode="RGB", **save):
    buffer = BytesIO()
    Image.new(mode, size, "teal" if mode != "1" else 1).save(buffer, image_format, **save)
    return SimpleUploadedFile(name, buffer.getvalue(), f"image/{image_format.lower()}")


def photo_with_location():
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[MODEL] = "Phone 12"
    exif[GPS_IFD] = {1: "N", 2: (33.0, 32.0, 32.0), 3: "W", 4: (117.0, 47.0, 0.0)}
    return image_file(exif=exif)


def upload(admin_client, image, alt="A calm treatment room with a reclining chair"):
    data = article_admin_form(slug="with-a-picture", featured_image=image, featured_image_alt=alt)
    return admin_client.post("/admin/content/articledraft/add/", data)


def upload_and_publish(admin_client, image):
    assert upload(admin_client, image).status_code == 302
    return review.publish_sample(ArticleDraft.objects.get())


def image_error(response):
    assert response.status_code == 200
    return " ".join(response.context["adminform"].form.errors.get("featured_image", []))


def test_wrong_kind_of_file_is_refused(admin_client):
    gif = image_file("animation.gif", "GIF")
    assert "Upload a JPEG, PNG or WebP image." in image_error(upload(admin_client, gif))
    text_file = SimpleUploadedFile("notes.jpg", b"not a picture at all", "image/jpeg")
    assert "Upload a valid image" in image_error(upload(admin_client, text_file))
    assert not ArticleDraft.objects.exists()


def test_too_large_file_is_refused(admin_client, settings):
    settings.IMAGE_MAX_BYTES = 10_000
    big = image_file("big.png", "PNG", size=(400, 400), mode="RGB", compress_level=0)
    assert "too large" in image_error(upload(admin_client, big))


# Django's own image check opens the file first, and Pillow warns about its size there.
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_decompression_bomb_is_refused(admin_client):
    # 100 megapixels that compress to a small file.
    bomb = image_file("bomb.png", "PNG", size=(10_000, 10_000), mode="1")
    assert bomb.size < 2 * 1024 * 1024
    assert "too many pixels" in image_error(upload(admin_client, bomb))
    assert not ArticleDraft.objects.exists()


def test_alt_text_is_required_with_an_image(admin_client):
    response = upload(admin_client, image_file(), alt="")
    errors = response.context["adminform"].form.errors
    assert errors["featured_image_alt"] == ["Describe the featured image in the alt text field."]


def test_location_and_camera_metadata_are_removed(admin_client):
    original = photo_with_location()
    assert GPS_IFD in Image.open(BytesIO(original.read())).getexif()
    original.seek(0)

    assert upload(admin_client, original).status_code == 302

    draft = ArticleDraft.objects.get()
    with draft.featured_image.open("rb") as stored:
        exif = Image.open(stored).getexif()
    assert GPS_IFD not in exif and MAKE not in exif and MODEL not in exif


def test_renditions_are_made_once_and_marked_up_responsively(admin_client, client):
    article = upload_and_publish(admin_client, image_file(size=(1600, 900)))
    renditions = article.image_renditions
    assert [width for width, _ in renditions["webp"]] == [480, 800, 1200]
    assert [width for width, _ in renditions["fallback"]] == [480, 800, 1200]
    for _, name in renditions["webp"] + renditions["fallback"]:
        assert default_storage.exists(name)
    with default_storage.open(renditions["webp"][0][1]) as file:
        assert Image.open(file).format == "WEBP"

    page = parse(client.get("/articles/with-a-picture/"))
    source = page.find_all("source")[0]
    assert source["type"] == "image/webp"
    assert "480w" in source["srcset"] and "1200w" in source["srcset"]
    image = [i for i in page.find_all("img") if i.get("alt", "").startswith("A calm")][0]
    assert (image["width"], image["height"]) == ("1600", "900")
    assert "800w" in image["srcset"] and image["sizes"]
    assert image["loading"] == "eager"  # the article's own picture is at the top

    make_article(topic=article.topic, title="Neighbour")
    card_page = parse(client.get(f"/articles/topic/{article.topic.slug}/"))
    card_images = [i for i in card_page.find_all("img") if i.get("alt", "").startswith("A calm")]
    assert card_images[0]["loading"] == "lazy"


def test_phone_photo_with_extra_pictures_is_accepted_as_jpeg(admin_client):
    buffer = BytesIO()
    Image.new("RGB", (900, 600), "teal").save(
        buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (900, 600), "navy")]
    )
    phone_photo = SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue(), "image/jpeg")
    assert upload(admin_client, phone_photo).status_code == 302
    with ArticleDraft.objects.get().featured_image.open("rb") as stored:
        assert Image.open(stored).format == "JPEG"


def test_renditions_follow_the_picture_after_a_revert(admin_client):
    article = upload_and_publish(admin_client, image_file(size=(1600, 900)))
    draft = article.draft
    first_picture = article.featured_image.name
    data = article_admin_form(
        draft,
        featured_image=image_file("second.jpg", size=(1000, 1000)),
        featured_image_alt="Another picture",
    )
    admin_client.post(f"/admin/content/articledraft/{draft.pk}/change/", data)
    draft.refresh_from_db()
    article = review.publish_sample(draft)
    assert article.image_renditions["height"] == 1000

    # Reverting brings the first picture back without a new upload.
    draft.featured_image = first_picture
    draft.save()
    article = review.publish_sample(draft)
    assert article.image_renditions["source"] == first_picture
    assert article.image_renditions["height"] == 900


def test_a_working_copy_with_a_picture_can_be_previewed(admin_client):
    assert upload(admin_client, image_file()).status_code == 302
    draft = ArticleDraft.objects.get()
    response = admin_client.get(f"/admin/content/articledraft/{draft.pk}/preview/")
    assert response.status_code == 200
    assert draft.featured_image.url in response.content.decode()


def test_a_picture_with_an_absurd_side_is_refused_not_a_crash(admin_client):
    strip = image_file("strip.png", "PNG", size=(40_000, 1), mode="1")
    assert "too wide or too tall" in image_error(upload(admin_client, strip))
    assert not ArticleDraft.objects.exists()


def test_a_replaced_picture_leaves_no_resized_copies_behind(admin_client):
    article = upload_and_publish(admin_client, image_file(size=(1600, 900)))
    old_copies = [name for _, name in article.image_renditions["webp"]]
    assert all(default_storage.exists(name) for name in old_copies)
    draft = article.draft
    data = article_admin_form(draft, featured_image=image_file("second.jpg", size=(900, 900)))
    data["featured_image_alt"] = "Another picture"
    admin_client.post(f"/admin/content/articledraft/{draft.pk}/change/", data)
    draft.refresh_from_db()
    article = review.publish_sample(draft)
    assert not any(default_storage.exists(name) for name in old_copies)
    assert all(default_storage.exists(name) for _, name in article.image_renditions["webp"])
