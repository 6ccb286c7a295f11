"""The text search results' snippets are cut from, stored when an object is indexed.

``search.models.SnippetText``: written by the index (``search.backends.SnippetTextIndexMixin``);
``manage.py update_index`` fills it for what is already indexed. Until then a result's snippet
is made from its page as before.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('portal_search', '0004_postgres_index_vectors_inline'),
    ]

    operations = [
        migrations.CreateModel(
            name='SnippetText',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.CharField(max_length=50)),
                ('text', models.TextField()),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
            ],
            options={
                'verbose_name': 'snippet text',
                'verbose_name_plural': 'snippet texts',
                'constraints': [models.UniqueConstraint(fields=('content_type', 'object_id'), name='search_snippettext_object')],
            },
        ),
    ]
