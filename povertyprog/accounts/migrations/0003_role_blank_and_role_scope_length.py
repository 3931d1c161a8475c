from django.db import migrations, models


def clear_roles_that_do_not_fit(apps, schema_editor):
    """A role whose scope has the wrong length (a district officer scoped to a whole province)
    would stop the constraint: such a user loses the role, and with it every permission, until
    a province admin gives them one that fits. Least privilege, never a wider view."""
    User = apps.get_model("accounts", "User")
    lengths = {
        "province_admin": {0, 2},
        "province_staff": {0, 2},
        "district_officer": {4, 6},
        "viewer": {0, 2, 4},
        "agency_liaison": {0, 2},
    }
    for user in User.objects.filter(role__in=list(lengths)).only("pk", "role", "area_scope"):
        if len(user.area_scope) not in lengths[user.role]:
            print(f"\n  {user.username}: role {user.role} cleared (scope {user.area_scope!r})")
            User.objects.filter(pk=user.pk).update(role="")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='user',
            name='role',
            field=models.CharField(blank=True, choices=[('province_admin', 'Province admin'), ('province_staff', 'Province staff'), ('district_officer', 'District officer'), ('agency_liaison', 'Agency liaison'), ('viewer', 'Viewer')], default='', max_length=20, verbose_name='role'),
        ),
        migrations.RunPython(clear_roles_that_do_not_fit, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('role__in', ['province_admin', 'province_staff', 'district_officer', 'viewer', 'agency_liaison']), _negated=True), models.Q(('area_scope__length__in', [0, 2]), ('role', 'province_admin')), models.Q(('area_scope__length__in', [0, 2]), ('role', 'province_staff')), models.Q(('area_scope__length__in', [4, 6]), ('role', 'district_officer')), models.Q(('area_scope__length__in', [0, 2, 4]), ('role', 'viewer')), models.Q(('area_scope__length__in', [0, 2]), ('role', 'agency_liaison')), _connector='OR'), name='role_scope_length', violation_error_message='The scope does not fit the role: a district officer has a district (4 digits) or subdistrict (6) code; province admins, staff and agency liaisons a province code (2) or none; viewers a province or district code, or none.'),
        ),
    ]
