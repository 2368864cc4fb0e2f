import django.contrib.postgres.search
from django.db import migrations

# PostgreSQL keeps the vector current itself: a trigger recomputes it on every INSERT and
# UPDATE, so bulk updates and raw SQL cannot leave it stale. The weights are those of the
# project list's ranking: title A, summary B, description C.
CREATE = """
CREATE FUNCTION projects_project_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('german'::regconfig, COALESCE(NEW.title, '')), 'A') ||
    setweight(to_tsvector('german'::regconfig, COALESCE(NEW.summary, '')), 'B') ||
    setweight(to_tsvector('german'::regconfig, COALESCE(NEW.description, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER projects_project_search_vector
  BEFORE INSERT OR UPDATE ON projects_project
  FOR EACH ROW EXECUTE FUNCTION projects_project_search_vector();
UPDATE projects_project SET title = title;
CREATE INDEX projects_project_search_gin ON projects_project USING gin (search_vector);
"""
DROP = """
DROP INDEX IF EXISTS projects_project_search_gin;
DROP TRIGGER IF EXISTS projects_project_search_vector ON projects_project;
DROP FUNCTION IF EXISTS projects_project_search_vector();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0009_german_slugs"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]
