import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("programmes", "0003_results_and_options"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("viewed_disclosures", "Viewed what a person shared for matching"),
                            ("exported_data", "Downloaded their data"),
                            ("erased_person", "Erased a person"),
                            ("role_added", "Gave a programme role"),
                            ("role_removed", "Removed a programme role"),
                            ("org_admin_added", "Made an organisation administrator"),
                            ("org_admin_removed", "Removed an organisation administrator"),
                            ("retention_purge", "Purged a closed cohort's personal data"),
                        ],
                        max_length=24,
                    ),
                ),
                ("detail", models.CharField(blank=True, max_length=200)),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="programmes.programme",
                    ),
                ),
                (
                    "target_user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-at", "-pk"],
                "indexes": [
                    models.Index(fields=["programme", "at"], name="privacy_audit_programme_at"),
                    models.Index(fields=["target_user", "at"], name="privacy_audit_target_at"),
                ],
            },
        ),
        migrations.CreateModel(
            name="CohortPurge",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("purged_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("participants", models.PositiveIntegerField(default=0)),
                ("reflections_deleted", models.PositiveIntegerField(default=0)),
                ("texts_blanked", models.PositiveIntegerField(default=0)),
                (
                    "cohort",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="purge", to="programmes.cohort"
                    ),
                ),
            ],
        ),
    ]
