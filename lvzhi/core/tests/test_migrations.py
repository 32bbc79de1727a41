"""The migrations stay quick to apply. Migrating an empty database (every fresh install, each test
run's template, each PostgreSQL test database) spends most of its time re-rendering the models that
an operation's model is related to: every index or constraint added by an operation of its own
re-renders nearly every model (they all reach the committee and the user). An index or constraint
of a model created in the same migration is declared in that model's CreateModel instead, which
gives the same schema (docs/performance.md, "The test suite: the migrations, and where the rest goes")."""

from django.db import migrations
from django.db.migrations.loader import MigrationLoader

FIELD_OPERATIONS = (migrations.AddField, migrations.AlterField, migrations.RemoveField, migrations.RenameField)


def foldable(migration) -> list[str]:
    """The AddIndex/AddConstraint operations that could be options of their model's CreateModel:
    the model is created in the same migration and no field of it changes in between."""
    created, changed, found = set(), set(), []
    for operation in migration.operations:
        if isinstance(operation, migrations.CreateModel):
            created.add(operation.name_lower)
        elif isinstance(operation, FIELD_OPERATIONS):
            changed.add(operation.model_name_lower)
        elif (
            isinstance(operation, (migrations.AddIndex, migrations.AddConstraint))
            and operation.model_name_lower in created - changed
        ):
            found.append(operation.describe())
    return found


def test_no_migration_adds_an_index_or_constraint_its_createmodel_could_declare():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    found = {
        f"{app}.{name}": foldable(migration)
        for (app, name), migration in loader.disk_migrations.items()
        if type(migration).__module__.startswith("lvzhi.") and foldable(migration)
    }
    assert found == {}, "move these into the model's CreateModel options (indexes=, constraints=)"


def test_the_check_finds_an_index_added_after_its_model_is_created():
    from django.db import models

    migration = migrations.Migration("0001_initial", "example")
    migration.operations = [
        migrations.CreateModel("Thing", fields=[("id", models.BigAutoField(primary_key=True))]),
        migrations.AddIndex("thing", models.Index(fields=["id"], name="thing_id")),
    ]
    assert foldable(migration) == ["Create index thing_id on field(s) id of model thing"]
    migration.operations.insert(1, migrations.AddField("thing", "name", models.CharField(max_length=9)))
    assert foldable(migration) == []
