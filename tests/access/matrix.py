"""The machinery of the access matrix (tests/access/test_access_matrix.py holds the table).

- `url_patterns()` walks every resolved URL pattern of the project, through includes and
  namespaces, and names each one: "households:detail", "admin:agencies_mou_change"; a
  pattern without a name is named by its route ("admin/agencies/mou/<path:object_id>/").
- `admin_model_urls()` reads the admin registry: which URL names belong to which model and
  which of its views (changelist, add, change, delete, history, import-export's views).
- `outcome()` turns a response into one of the table's words.
- `build_world()` makes the objects every URL is tried with: Chiang Mai (50: Mae Rim 5007,
  Mueang 5001) and Lamphun (51), plus ids that exist nowhere.
- `Requester` sends each request inside a savepoint that is rolled back, with the persona's
  session cookie put back afterwards: a POST that does get through (a cancel, a logout,
  an audit entry) changes nothing the next request sees.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# The words of the table. A status code, or where a redirect goes.
LOGIN = "log"  # 302 to the login page (the app's, or the admin's own)
REDIRECT = "red"  # 302 anywhere else (after a POST that did its work, a list with one entry…)

MISSING_PK = 999_999


@dataclass(frozen=True)
class Pattern:
    """One resolved URL pattern: its table key, full route, and (if named) reversible name."""

    key: str
    route: str
    name: str | None

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")


def url_patterns(urlconf=None) -> list[Pattern]:
    """Every URL pattern of the project, depth first, in resolution order."""

    def walk(resolver: URLResolver, prefix: str, namespace: str | None) -> Iterator[Pattern]:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry, route, inner)
            elif isinstance(entry, URLPattern):
                name = None
                if entry.name:
                    name = f"{namespace}:{entry.name}" if namespace else entry.name
                yield Pattern(key=name or route, route=route, name=name)

    return list(walk(get_resolver(urlconf), "", None))


@dataclass(frozen=True)
class AdminModelURL:
    label: str  # "agencies.mou"
    view: str  # "changelist", "add", "change", "delete", "history", "import", "redirect"…
    takes_object: bool


# The views a ModelAdmin (and import-export's mixins) route for each model; "redirect" is
# Django's unnamed "<object_id>/" pattern that forwards to the change page.
ADMIN_MODEL_VIEWS = {
    "changelist": False,
    "add": False,
    "change": True,
    "delete": True,
    "history": True,
    "import": False,
    "process_import": False,
    "export": False,
}


def admin_model_urls(site=admin.site) -> dict[str, AdminModelURL]:
    """Table key → (model, view) for every URL the admin routes for a registered model.

    A URL that carries a model's prefix but is none of the known views is left out, so that
    it shows up as unclassified.
    """
    found: dict[str, AdminModelURL] = {}
    for model in site._registry:
        meta = model._meta
        prefix = f"{site.name}:{meta.app_label}_{meta.model_name}_"
        for view, takes_object in ADMIN_MODEL_VIEWS.items():
            found[prefix + view] = AdminModelURL(meta.label_lower, view, takes_object)
        route = f"admin/{meta.app_label}/{meta.model_name}/<path:object_id>/"
        found[route] = AdminModelURL(meta.label_lower, "redirect", True)
    return found


def admin_model_url(pattern: Pattern, label: str, view: str, object_id) -> str:
    app_label, model_name = label.split(".")
    if view == "redirect":
        return f"/admin/{app_label}/{model_name}/{object_id}/"
    args = [object_id] if ADMIN_MODEL_VIEWS[view] else []
    return reverse(pattern.name, args=args)


def outcome(response) -> str:
    """One word for a response: its status code, or LOGIN / REDIRECT for a redirect."""
    if response.status_code in (301, 302, 303):
        logins = {reverse("admin:login"), reverse(settings.LOGIN_URL)}
        return LOGIN if urlsplit(response.url).path in logins else REDIRECT
    return str(response.status_code)


class Requester:
    """A logged-in (or anonymous) client whose requests leave no trace behind them."""

    def __init__(self, user=None):
        self.client = Client(raise_request_exception=False)
        if user is not None:
            self.client.force_login(user)
        self.cookies = self.client.cookies.output(header="", sep=";")

    def send(self, method: str, url: str, *, data=None, headers=None):
        try:
            with transaction.atomic():
                if method == "POST":
                    response = self.client.post(url, data or {}, headers=headers)
                else:
                    response = self.client.get(url, data or {}, headers=headers)
                transaction.set_rollback(True)
        finally:
            self.client.cookies = SimpleCookie(self.cookies)
        return response


def missing(**fields) -> SimpleNamespace:
    return SimpleNamespace(pk=MISSING_PK, **fields)


def build_world(*, users: dict, tmp_path) -> tuple[dict[str, SimpleNamespace], dict]:
    """The objects each URL is tried with, by side; and the admin's, by model.

    in:       Chiang Mai objects, in Mae Rim (5007) where they have a district: the household,
              an agency (not the liaison's), a draft MOU it signed with a pledge for Mae Rim
              and a signed scan attached, an import batch previewed with errors.
    mueang:   a household of Mueang Chiang Mai (5001), the other district.
    national: a national agency (no province).
    out:      the same in Lamphun (51).
    missing:  ids that exist nowhere; a signatory or pledge that is missing under the
              Chiang Mai MOU (its parent exists).
    The admin's objects are (in the province admin's scope, outside it or None) by model.
    """
    from agencies.models import AgencyType
    from households.models import IndicatorSet
    from households.services import import_preview, import_start
    from povertyprog.accounts.roles import Role
    from povertyprog.areas.models import District, Province, Subdistrict, Village
    from povertyprog.audit.services import activity_log
    from tests.agencies.factories import MOUFactory, PledgeFactory, SignatoryFactory
    from tests.factories import AgencyFactory, UserFactory, VillageFactory
    from tests.households.bmn_files import household_row, write_csv
    from tests.households.factories import HouseholdSurveyFactory, SurveyRoundFactory

    survey_round = SurveyRoundFactory(year_be=2567)
    lamphun_officer = UserFactory(
        username="lamphun_officer", role=Role.DISTRICT_OFFICER, area_scope="5101"
    )

    def survey(village_code):
        return HouseholdSurveyFactory(
            household__village=VillageFactory(code=village_code), survey_round=survey_round
        )

    def batch(province_code, by):
        path = write_csv(
            tmp_path / f"bmn-{province_code}.csv",
            [household_row(1), household_row(2, **{"เลขประจำตัวประชาชน": "350000000002"})],
        )
        started = import_start(
            upload=SimpleUploadedFile(path.name, path.read_bytes()),
            survey_round=survey_round,
            province_code=province_code,
            by=by,
        )
        return import_preview(batch=started)

    def mou_with_pledge(province_code, agency, district_code):
        mou = MOUFactory(province_id=province_code)
        signatory = SignatoryFactory(mou=mou, agency=agency)
        pledge = PledgeFactory(mou=mou, agency=agency, districts=[district_code])
        return mou, signatory, pledge

    sides = {}
    cm_survey = survey("50070101")
    cm_agency = AgencyFactory(name_th="มหาวิทยาลัยแม่โจ้", agency_type=AgencyType.EDUCATION)
    cm_mou, cm_signatory, cm_pledge = mou_with_pledge("50", cm_agency, "5007")
    cm_mou.document.save("scan.pdf", ContentFile(b"%PDF-1.4\n%matrix\n"), save=False)
    cm_mou.document_name = "scan.pdf"
    cm_mou.save(update_fields=["document", "document_name"])
    sides["in"] = SimpleNamespace(
        area_code="5007",
        household=cm_survey.household,
        survey=cm_survey,
        agency=cm_agency,
        mou=cm_mou,
        signatory=cm_signatory,
        pledge=cm_pledge,
        batch=batch("50", users["admin"]),
        user=users["officer_own"],
        log=activity_log("matrix.in_scope", actor=users["staff"]),
    )
    sides["mueang"] = SimpleNamespace(household=survey("50010101").household)
    sides["national"] = SimpleNamespace(
        agency=AgencyFactory(
            name_th="ธนาคารออมสิน", province_id=None, agency_type=AgencyType.STATE_ENTERPRISE
        )
    )
    lp_survey = survey("51010101")
    lp_agency = AgencyFactory(name_th="สำนักงานเกษตรจังหวัดลำพูน", province_id="51")
    lp_mou, lp_signatory, lp_pledge = mou_with_pledge("51", lp_agency, "5101")
    sides["out"] = SimpleNamespace(
        area_code="51",
        household=lp_survey.household,
        survey=lp_survey,
        agency=lp_agency,
        mou=lp_mou,
        signatory=lp_signatory,
        pledge=lp_pledge,
        batch=batch("51", lamphun_officer),
        user=lamphun_officer,
        log=activity_log("matrix.out_of_scope", actor=lamphun_officer),
    )
    sides["missing"] = SimpleNamespace(
        area_code="5099",
        household=missing(),
        agency=missing(),
        mou=missing(),
        signatory=missing(mou_id=cm_mou.pk),
        pledge=missing(mou_id=cm_mou.pk),
        batch=missing(),
        user=missing(),
    )

    # The admin's objects, by model: (in the province admin's scope, outside it).
    inside, outside = sides["in"], sides["out"]
    cm_programme, cm_target = _programme_with_a_target("5007", survey_round)
    lp_programme, lp_target = _programme_with_a_target("5101", survey_round)
    inside.programme, outside.programme = cm_programme, lp_programme
    inside.target, outside.target = cm_target, lp_target
    sides["missing"].programme = missing()
    sides["missing"].target = missing()
    admin_objects = {
        "areas.province": (Province.objects.get(code="50"), Province.objects.get(code="51")),
        "areas.district": (District.objects.get(code="5007"), District.objects.get(code="5101")),
        "areas.subdistrict": (
            Subdistrict.objects.get(code="500701"),
            Subdistrict.objects.get(code="510101"),
        ),
        "areas.village": (
            Village.objects.get(code="50070101"),
            Village.objects.get(code="51010101"),
        ),
        "accounts.user": (inside.user, outside.user),
        "audit.activitylog": (inside.log, outside.log),
        "agencies.agency": (inside.agency, outside.agency),
        "agencies.mou": (inside.mou, outside.mou),
        "agencies.pledge": (inside.pledge, outside.pledge),
        "agencies.mousignatory": (inside.signatory, outside.signatory),
        "households.indicatorset": (IndicatorSet.objects.get(code="2560-2564"), None),
        "households.surveyround": (survey_round, None),
        "households.household": (inside.household, outside.household),
        "households.householdsurvey": (inside.survey, outside.survey),
        "households.importbatch": (inside.batch, outside.batch),
        "households.programme": (cm_programme, lp_programme),
        "households.target": (cm_target, lp_target),
        "households.followupvisit": (_visit(cm_target), _visit(lp_target)),
        **_hosted_and_assisted(cm_target, cm_agency, lp_target, lp_agency),
        "auth.group": (_group(), None),
        "django_tasks_database.dbtaskresult": (_task_result(), None),
        **_login_records(inside.user, outside.user),
    }
    inside.activity, outside.activity = _planned(cm_target), _planned(lp_target)
    sides["missing"].activity = missing()
    # Fair: fairs ------------------------------------------------------------------------
    admin_objects.update(_fairs(sides))
    # end of Fair: fairs -----------------------------------------------------------------
    _fair_invitations(sides)  # Fair: invitations
    _letters_world(sides, users["staff"])  # Fair: letters
    # Fair: booths and reports. "foreign": this fair asked for the other fair's booth, desk.
    sides["foreign"] = SimpleNamespace(fair=inside.fair, booth=outside.booth, desk=outside.desk)
    return sides, admin_objects


def _fairs(sides) -> dict:
    """Fair: fairs. A fair of each side's programme (with its Mae Rim or Mueang Lamphun desk
    and plan of work) and a booth of the side's agency, made by the services as the system;
    the missing side's desk, booth and task hang under the Chiang Mai fair."""
    import datetime

    from django.utils import timezone

    from events.services.fairs import booth_add, fair_create

    made = {}
    for name in ("in", "out"):
        side = sides[name]
        starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
        side.fair = fair_create(
            programme=side.programme,
            name="มหกรรมแก้จน",
            theme="",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=8),
            venue="ศาลากลางจังหวัด",
            venue_address="",
            capacity=500,
            rsvp_deadline=timezone.localdate(starts) - datetime.timedelta(days=7),
            by=None,
        )
        side.desk = side.fair.desks.get()
        side.task = side.fair.tasks.order_by("pk").first()
        side.booth = booth_add(fair=side.fair, agency=side.agency, service="อบรมอาชีพ", by=None)
        side.quota = side.fair.quotas.get()
    cm_fair = sides["in"].fair
    sides["missing"].fair = missing()
    sides["missing"].desk = missing(fair_id=cm_fair.pk)
    sides["missing"].booth = missing(fair_id=cm_fair.pk)
    sides["missing"].task = missing(fair_id=cm_fair.pk)
    for label, attr in (
        ("events.fair", "fair"),
        ("events.fairdistrictquota", "quota"),
        ("events.desk", "desk"),
        ("events.booth", "booth"),
        ("events.fairtask", "task"),
    ):
        made[label] = (getattr(sides["in"], attr), getattr(sides["out"], attr))
    return made


# Fair: invitations -----------------------------------------------------------------------
def _fair_invitations(sides):
    """Each side's (verified) target invited to its fair, by the service; missing ids."""
    from events.services.invitations import invitation_add

    for side in ("in", "out"):
        objects = sides[side]
        objects.target.refresh_from_db()  # verified and planned since it was made
        objects.invitation = invitation_add(fair=objects.fair, target=objects.target, by=None)
        objects.village_code = objects.target.household.village_id
    sides["missing"].invitation = SimpleNamespace(pk=MISSING_PK, code="KKKKKKKKKK")
    sides["missing"].village_code = "50079999"


def _planned(target):
    """The case confirmed in the field and given a one-activity plan (as the system)."""
    from agencies.models import Lever
    from households.models import Verification
    from households.plan_services import plan_activity_add
    from households.programme_services import target_verify

    target_verify(target=target, outcome=Verification.CONFIRMED, note="", by=None)
    return plan_activity_add(
        target=target, by=None, lever=Lever.RAISE_INCOME, description="ปลูกผักสวนครัว"
    )


def _hosted_and_assisted(*pairs):
    """Each side's target hosted by its agency and given one assistance (as the system)."""
    import datetime

    from agencies.models import Lever
    from households.manage_services import assistance_record, host_assign

    hosts, records = [], []
    for target, agency in zip(pairs[::2], pairs[1::2], strict=True):
        hosts.append(host_assign(target=target, agency=agency, by=None))
        records.append(
            assistance_record(
                target=target,
                by=None,
                date=datetime.date(2024, 9, 1),
                agency=agency,
                lever=Lever.RAISE_INCOME,
                what="เมล็ดพันธุ์",
                value=100,
            )
        )
    return {"households.hostassignment": tuple(hosts), "households.assistance": tuple(records)}


def _programme_with_a_target(district_code, survey_round):
    """A programme of the district's province with one target in the district, made by the
    services (as the system)."""
    from households.programme_services import programme_create, targets_create
    from households.targeting import QuotaMode, TargetingRules, targeting_preview
    from povertyprog.areas.models import Province

    programme = programme_create(
        province=Province.objects.get(code=district_code[:2]),
        fiscal_year_be=2567,
        name="ชี้เป้า 2567",
        target_households=1,
        survey_round=survey_round,
        by=None,
    )
    rules = TargetingRules(quota_mode=QuotaMode.NUMBER, district_quotas={district_code: 1})
    preview = targeting_preview(programme=programme, rules=rules)
    targets_create(programme=programme, rules=rules, state_token=preview.state_token, by=None)
    return programme, programme.targets.get()


def _visit(target):
    """A follow-up visit of the case, recorded by its service (as the system)."""
    from django.utils import timezone

    from households.visit_services import visit_record

    return visit_record(
        target=target, by=None, visited_on=timezone.localdate(), findings="ติดตามเยี่ยมบ้าน"
    )


def _group():
    from django.contrib.auth.models import Group

    return Group.objects.create(name="matrix")


def _task_result():
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        task_path="households.tasks.import_preview_task",
        args_kwargs={"args": [], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        run_after=timezone.now(),
    )


def _login_records(inside, outside) -> dict:
    """django-axes' records of a wrong password for a user in scope and one outside it."""
    from django.apps import apps

    if not apps.is_installed("axes"):
        return {}
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    extra = {AccessAttempt: {"get_data": "", "post_data": "", "failures_since_start": 1}}
    records = {}
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        records[model._meta.label_lower] = tuple(
            model.objects.create(
                username=user.username,
                ip_address="10.0.0.7",
                user_agent="",
                http_accept="",
                path_info="/accounts/login/",
                **extra.get(model, {}),
            )
            for user in (inside, outside)
        )
    return records


# Fair: letters ------------------------------------------------------------------------------
def _letters_world(sides, staff) -> None:
    """A printed batch of letters for each side's fair and the district of its invitation:
    sides' letters_fair, letters_invitation and letters_batch."""
    from django.core.files.base import ContentFile

    from events.models import LetterBatch, LetterBatchStatus

    for side in ("in", "out"):
        objects = sides[side]
        batch = LetterBatch.objects.create(
            fair=objects.fair,
            scope_code=objects.invitation.district_id,
            requested_by=staff,
            status=LetterBatchStatus.DONE,
            pages_done=1,
            pages_total=1,
        )
        batch.file.save("letters.pdf", ContentFile(b"%PDF-1.4\n%matrix\n"))
        objects.letters_fair = objects.fair
        objects.letters_invitation = objects.invitation
        objects.letters_batch = batch
    missing = SimpleNamespace(pk=MISSING_PK)
    sides["missing"].letters_fair = missing
    sides["missing"].letters_invitation = missing
    sides["missing"].letters_batch = missing
