"""A review names the working copy it is about generically (content type and id), so
any kind of reviewed text can go through the same sign-off."""

import django.db.models.deletion
from django.db import migrations, models


def fill_subject(apps, schema_editor):
    Review = apps.get_model("content", "Review")
    ContentType = apps.get_model("contenttypes", "ContentType")
    article = ContentType.objects.get_or_create(app_label="content", model="articledraft")[0]
    page = ContentType.objects.get_or_create(app_label="content", model="pagedraft")[0]
    for review in Review.objects.all():
        if review.article_draft_id:
            review.content_type, review.object_id = article, review.article_draft_id
        else:
            review.content_type, review.object_id = page, review.page_draft_id
        review.save(update_fields=["content_type", "object_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0008_staff_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="content_type",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="object_id",
            field=models.PositiveBigIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(fill_subject, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="review", name="review_is_of_one_article_or_page"),
        migrations.RemoveConstraint(model_name="review", name="one_waiting_review_per_article"),
        migrations.RemoveConstraint(model_name="review", name="one_waiting_review_per_page"),
        migrations.RemoveField(model_name="review", name="article_draft"),
        migrations.RemoveField(model_name="review", name="page_draft"),
        migrations.AlterField(
            model_name="review",
            name="content_type",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AlterField(
            model_name="review",
            name="object_id",
            field=models.PositiveBigIntegerField(editable=False),
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "waiting")),
                fields=("content_type", "object_id"),
                name="one_waiting_review_per_copy",
            ),
        ),
    ]
