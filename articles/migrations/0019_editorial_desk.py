"""The editorial desk: press contacts, review notes, who submitted a story for review and when,
and when a public story's text last changed (the "Updated" notice).

Existing rows: a story in review counts as submitted by whoever changed it last, when they did;
a public story counts as updated when it was changed more than half an hour after it went public
(the notice it showed until now, but measured from when it went public, not from a back-date).
"""

from datetime import timedelta

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


UPDATE_NOTICE_AFTER = timedelta(minutes=30)


def fill_desk_fields(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(status="in_review").update(
        submitted_by=models.F("updated_by"), submitted_at=models.F("updated_at")
    )
    public = Article.objects.filter(status="published", published_at__isnull=False)
    for article in public.only("published_at", "first_published_at", "updated_at").iterator():
        went_public = max(article.published_at, article.first_published_at or article.published_at)
        if article.updated_at - went_public > UPDATE_NOTICE_AFTER:
            Article.objects.filter(pk=article.pk).update(content_changed_at=article.updated_at)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0018_press_office_roles'),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PressContact',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('role', models.CharField(blank=True, help_text='For example Press officer.', max_length=200)),
                ('email', models.EmailField(blank=True, max_length=254)),
                ('phone', models.CharField(blank=True, help_text='With the country code.', max_length=40)),
            ],
            options={
                'ordering': ['name'],
            },
        ),
        migrations.AddField(
            model_name='article',
            name='content_changed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='public text last changed'),
        ),
        migrations.AddField(
            model_name='article',
            name='submitted_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='submitted for review'),
        ),
        migrations.AddField(
            model_name='article',
            name='submitted_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted for review by'),
        ),
        migrations.AddField(
            model_name='article',
            name='press_contact',
            field=models.ForeignKey(blank=True, help_text="Leave empty to use the first department's contact, else the newsroom's.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='articles', to='articles.presscontact', verbose_name='media enquiries'),
        ),
        migrations.AddField(
            model_name='department',
            name='press_contact',
            field=models.ForeignKey(blank=True, help_text="Given on the department's stories that name no contact of their own.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='departments', to='articles.presscontact', verbose_name='media enquiries'),
        ),
        migrations.CreateModel(
            name='ReviewNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(max_length=4000)),
                ('written_at', models.DateTimeField(auto_now_add=True)),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='review_notes', to='articles.article')),
                ('revision', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='review_notes', to='reversion.revision')),
                ('written_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-written_at', '-id'],
            },
        ),
        migrations.RunPython(fill_desk_fields, migrations.RunPython.noop),
    ]
